package io.edgeplace.api;

import java.util.Locale;
import java.util.Objects;

/**
 * An OS/architecture/variant triple as OCI image indexes and container runtimes use it
 * ({@code linux/arm/v7}, {@code linux/arm64}, {@code linux/amd64}).
 *
 * <p>Values are normalized the way containerd's platform matcher does, so that two spellings
 * of one platform compare equal: {@code aarch64} is {@code arm64}, {@code x86_64} is
 * {@code amd64}, {@code armhf} is {@code arm/v7}, {@code armel} is {@code arm/v6}; an
 * {@code arm64} platform without a variant is {@code arm64/v8}; an {@code arm} platform without a
 * variant is {@code arm/v7} (armhf), which is also the edgeplace convention for {@code arm} nodes
 * without {@code edgeplace.io/arch-variant}; {@code amd64/v1} is plain {@code amd64}.
 *
 * @param os           lower-case operating system, such as {@code linux} or {@code windows}
 * @param architecture lower-case GOARCH-style architecture, such as {@code amd64}, {@code arm64}, {@code arm}
 * @param variant      lower-case variant such as {@code v7}, or the empty string when the architecture has none
 */
public record Platform(String os, String architecture, String variant) {

  public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", "");
  public static final Platform LINUX_ARM64 = new Platform("linux", "arm64", "v8");
  public static final Platform LINUX_ARM_V7 = new Platform("linux", "arm", "v7");
  public static final Platform LINUX_ARM_V6 = new Platform("linux", "arm", "v6");

  /** Normalizes its components; use {@link #of} or {@link #parse} in ordinary code. */
  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
    os = os.trim().toLowerCase(Locale.ROOT);
    architecture = architecture.trim().toLowerCase(Locale.ROOT);
    variant = variant.trim().toLowerCase(Locale.ROOT);
    if (os.isEmpty()) {
      throw new IllegalArgumentException("platform os is empty; expected a value such as \"linux\"");
    }
    if (architecture.isEmpty()) {
      throw new IllegalArgumentException(
          "platform architecture is empty; expected a value such as \"amd64\", \"arm64\" or \"arm\"");
    }
    switch (architecture) {
      case "aarch64" -> architecture = "arm64";
      case "x86_64", "x86-64" -> architecture = "amd64";
      case "armhf" -> {
        architecture = "arm";
        variant = variant.isEmpty() ? "v7" : variant;
      }
      case "armel" -> {
        architecture = "arm";
        variant = variant.isEmpty() ? "v6" : variant;
      }
      default -> { }
    }
    switch (architecture) {
      case "arm64" -> variant = variant.isEmpty() || variant.equals("8") ? "v8" : variant;
      case "arm" -> variant = variant.isEmpty() ? "v7"
          : variant.length() == 1 && variant.charAt(0) >= '5' && variant.charAt(0) <= '8' ? "v" + variant : variant;
      case "amd64" -> variant = variant.equals("v1") ? "" : variant;
      default -> { }
    }
  }

  /** The platform {@code os/architecture/variant}, normalized; {@code variant} may be empty. */
  public static Platform of(String os, String architecture, String variant) {
    return new Platform(os, architecture, variant);
  }

  /**
   * Parses {@code os/arch} or {@code os/arch/variant}, as in {@code linux/arm/v7}.
   *
   * @throws IllegalArgumentException naming the value when it is not of that form
   */
  public static Platform parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("/", -1);
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()
        || (parts.length == 3 && parts[2].isBlank())) {
      throw new IllegalArgumentException("platform \"" + text
          + "\" is not of the form os/arch or os/arch/variant; maybe \"linux/arm64\" or \"linux/arm/v7\"?");
    }
    for (String part : parts) {
      if (!part.trim().matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("platform \"" + text + "\" has an invalid component \"" + part
            + "\"; components are letters, digits, '.', '_' and '-'");
      }
    }
    return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  /** {@code linux/arm/v7}, or {@code linux/amd64} without a variant. */
  @Override
  public String toString() {
    return variant.isEmpty() ? os + "/" + architecture : os + "/" + architecture + "/" + variant;
  }
}
