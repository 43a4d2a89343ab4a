package io.edgeplace.core.image;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An image reference normalized the way container runtimes normalize it (the grammar and the
 * rules of the distribution {@code reference} package that Docker, containerd and CRI-O share):
 * {@code nginx} is {@code docker.io/library/nginx:latest}, {@code user/app} is
 * {@code docker.io/user/app:latest}, {@code localhost:5000/x} names registry {@code localhost:5000}.
 *
 * <p>The first path component is a registry when it contains a {@code .} or a {@code :}, is
 * {@code localhost}, or has an upper-case letter; otherwise the image lives on Docker Hub. A
 * reference without tag and digest gets tag {@code latest}; with a digest, the digest is what is
 * fetched (a tag beside it is kept for display only). Repository names are lower case; digests are
 * {@code sha256} (64 hex digits), {@code sha384} (96) or {@code sha512} (128), in lower case.
 *
 * <p>Instances are immutable; {@link #toString()} is the fully qualified form
 * ({@code docker.io/library/nginx:latest}), and two references are equal when their fully
 * qualified forms are.
 */
public final class ImageReference {

  /** The registry name of Docker Hub as it appears in normalized references. */
  public static final String DOCKER_HUB = "docker.io";
  /** The host that serves the registry API of Docker Hub. */
  public static final String DOCKER_HUB_API_HOST = "registry-1.docker.io";

  private static final String LEGACY_DOCKER_HUB = "index.docker.io";
  private static final String DEFAULT_TAG = "latest";
  private static final int MAX_NAME_LENGTH = 255;
  private static final int MAX_TAG_LENGTH = 128;
  /** Longer input cannot be a valid reference: name, tag and a sha512 digest with separators. */
  static final int MAX_REFERENCE_LENGTH = MAX_NAME_LENGTH + 1 + MAX_TAG_LENGTH + 1 + 7 + 128;

  private final String registry;
  private final String repository;
  private final @Nullable String tag;
  private final @Nullable String digest;
  private final String canonical;

  private ImageReference(String registry, String repository, @Nullable String tag, @Nullable String digest) {
    this.registry = registry;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
    StringBuilder s = new StringBuilder(registry.length() + repository.length() + 80)
        .append(registry).append('/').append(repository);
    if (tag != null) {
      s.append(':').append(tag);
    }
    if (digest != null) {
      s.append('@').append(digest);
    }
    this.canonical = s.toString();
  }

  /**
   * Parses and normalizes {@code text} as a pod spec's {@code image} field.
   *
   * @throws IllegalArgumentException naming the reference and what is wrong with it
   */
  public static ImageReference parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw invalid(text, "it is empty; maybe \"nginx\" or \"ghcr.io/acme/app:1.2\"?");
    }
    if (text.length() > MAX_REFERENCE_LENGTH) {
      throw invalid(text, "it is " + text.length() + " characters long, more than any valid reference ("
          + MAX_REFERENCE_LENGTH + ")");
    }
    String rest = text;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      validateDigest(text, digest);
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      validateTag(text, tag);
    }
    if (rest.isEmpty()) {
      throw invalid(text, "it has no repository name");
    }
    if (rest.length() == 64 && isLowerHex(rest, 0, 64)) {
      throw invalid(text, "a repository name cannot be 64 hexadecimal digits (that is an image id); "
          + "maybe " + Texts.quote("<name>@sha256:" + rest) + "?");
    }

    String registry;
    String path;
    int slash = rest.indexOf('/');
    String first = slash < 0 ? "" : rest.substring(0, slash);
    if (slash < 0 || (first.indexOf('.') < 0 && first.indexOf(':') < 0 && !first.equals("localhost")
        && first.toLowerCase(Locale.ROOT).equals(first))) {
      registry = DOCKER_HUB;
      path = rest;
    } else {
      registry = first;
      path = rest.substring(slash + 1);
      validateRegistry(text, registry);
    }
    if (registry.equals(LEGACY_DOCKER_HUB)) {
      registry = DOCKER_HUB;
    }
    validatePath(text, path);
    if (registry.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    if (registry.length() + 1 + path.length() > MAX_NAME_LENGTH) {
      throw invalid(text, "its name " + registry + "/" + path + " is longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (tag == null && digest == null) {
      tag = DEFAULT_TAG;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /** The registry as written, or {@code docker.io}: {@code ghcr.io}, {@code localhost:5000}, {@code [::1]:5000}. */
  public String registry() {
    return registry;
  }

  /**
   * The {@code host[:port]} that serves the registry API: {@code registry-1.docker.io} for Docker
   * Hub, the registry itself otherwise.
   */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API_HOST : registry;
  }

  /** The repository path inside the registry: {@code library/nginx}, {@code acme/app}. */
  public String repository() {
    return repository;
  }

  /** The tag, or null when the reference has only a digest. */
  public @Nullable String tag() {
    return tag;
  }

  /** The digest ({@code sha256:…}), or null when the reference has only a tag. */
  public @Nullable String digest() {
    return digest;
  }

  /** Whether the reference pins content by digest (such content never changes). */
  public boolean pinned() {
    return digest != null;
  }

  /** What to fetch from {@code /v2/<repository>/manifests/}: the digest if there is one, else the tag. */
  public String manifestReference() {
    return digest != null ? digest : Objects.requireNonNull(tag);
  }

  /**
   * Whether the registry is this machine: {@code localhost}, an address in 127.0.0.0/8 or
   * {@code ::1}. Container runtimes talk plain HTTP to such registries without configuration.
   */
  public boolean loopbackRegistry() {
    return isLoopbackHost(hostOf(registry));
  }

  /** The fully qualified reference, such as {@code docker.io/library/nginx:latest}. */
  @Override
  public String toString() {
    return canonical;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ImageReference other && canonical.equals(other.canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  // ---- host helpers shared with the client ----

  /** The host of {@code host[:port]} or {@code [v6]:port}, without brackets. */
  static String hostOf(String hostPort) {
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      return close < 0 ? hostPort : hostPort.substring(1, close);
    }
    int colon = hostPort.indexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  /** {@code localhost}, 127.0.0.0/8 written as a dotted quad, or the IPv6 loopback address. */
  static boolean isLoopbackHost(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (host.indexOf(':') >= 0) {
      if (!host.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)) {
        return false;
      }
      try {
        // an IPv6 literal (only hex digits and colons): parsed without any name lookup
        return InetAddress.getByName(host).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    String[] octets = host.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }

  // ---- validation, following the distribution reference grammar ----

  private static void validateDigest(String text, String digest) {
    int colon = digest.indexOf(':');
    if (colon <= 0) {
      throw invalid(text, "its digest " + Texts.quote(digest) + " is not of the form algorithm:hex; maybe \"@sha256:<64 hex digits>\"?");
    }
    String algorithm = digest.substring(0, colon);
    String hex = digest.substring(colon + 1);
    int expected = switch (algorithm) {
      case "sha256" -> 64;
      case "sha384" -> 96;
      case "sha512" -> 128;
      default -> throw invalid(text, "its digest algorithm " + Texts.quote(algorithm)
          + " is not supported; expected sha256, sha384 or sha512");
    };
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw invalid(text, "its digest has " + describe(c) + " at position " + i + " of the hex part; "
            + "a digest is written in lower-case hex digits");
      }
    }
    if (hex.length() != expected) {
      throw invalid(text, "its " + algorithm + " digest has " + hex.length() + " hex digits, expected " + expected);
    }
  }

  /** Whether {@code digest} is a well-formed sha256, sha384 or sha512 digest. */
  static boolean isValidDigest(String digest) {
    try {
      validateDigest(digest, digest);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void validateTag(String text, String tag) {
    if (tag.isEmpty()) {
      throw invalid(text, "its tag is empty after ':'; maybe \":latest\"?");
    }
    if (tag.length() > MAX_TAG_LENGTH) {
      throw invalid(text, "its tag is " + tag.length() + " characters long, more than " + MAX_TAG_LENGTH);
    }
    for (int i = 0; i < tag.length(); i++) {
      char c = tag.charAt(i);
      boolean word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!(word || (i > 0 && (c == '.' || c == '-')))) {
        throw invalid(text, "its tag " + Texts.quote(tag) + " has " + describe(c) + " at position " + i
            + "; a tag is letters, digits and '_', then also '.' and '-'");
      }
    }
  }

  private static void validateRegistry(String text, String registry) {
    String host;
    String port = null;
    if (registry.startsWith("[")) {
      int close = registry.indexOf(']');
      if (close < 0) {
        throw invalid(text, "its registry " + Texts.quote(registry) + " opens an IPv6 address with '[' but never closes it");
      }
      host = registry.substring(1, close);
      String after = registry.substring(close + 1);
      if (!after.isEmpty()) {
        if (after.charAt(0) != ':') {
          throw invalid(text, "its registry " + Texts.quote(registry) + " has " + Texts.quote(after) + " after the IPv6 address; expected :port");
        }
        port = after.substring(1);
      }
      if (host.isEmpty() || !host.chars().allMatch(c -> c == ':' || Character.digit(c, 16) >= 0)
          || host.indexOf(':') < 0) {
        throw invalid(text, "its registry " + Texts.quote(registry) + " has an invalid IPv6 address " + Texts.quote(host));
      }
      try {
        InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw invalid(text, "its registry " + Texts.quote(registry) + " has an invalid IPv6 address " + Texts.quote(host));
      }
    } else {
      int colon = registry.indexOf(':');
      host = colon < 0 ? registry : registry.substring(0, colon);
      port = colon < 0 ? null : registry.substring(colon + 1);
      if (host.isEmpty()) {
        throw invalid(text, "its registry " + Texts.quote(registry) + " has no host name");
      }
      for (String label : host.split("\\.", -1)) {
        if (label.isEmpty() || label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
          throw invalid(text, "its registry host " + Texts.quote(host) + " is not a valid host name; labels are letters, "
              + "digits and inner '-', separated by single dots");
        }
        for (int i = 0; i < label.length(); i++) {
          char c = label.charAt(i);
          if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
            throw invalid(text, "its registry host " + Texts.quote(host) + " has " + describe(c)
                + "; a host name is letters, digits, '-' and '.'");
          }
        }
      }
    }
    if (port != null) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
          || Integer.parseInt(port) == 0 || Integer.parseInt(port) > 65535) {
        throw invalid(text, "its registry " + Texts.quote(registry) + " has an invalid port " + Texts.quote(port) + "; expected 1 to 65535");
      }
    }
  }

  private static void validatePath(String text, String path) {
    if (path.isEmpty()) {
      throw invalid(text, "it names a registry but no repository; maybe " + Texts.quote(text + "/app") + "?");
    }
    for (String component : path.split("/", -1)) {
      if (component.isEmpty()) {
        throw invalid(text, "its repository path " + Texts.quote(path) + " has an empty component (a leading, trailing or double '/')");
      }
      for (int i = 0; i < component.length(); i++) {
        char c = component.charAt(i);
        if (c >= 'A' && c <= 'Z') {
          throw invalid(text, "its repository name " + Texts.quote(path) + " must be lower case; maybe "
              + Texts.quote(path.toLowerCase(Locale.ROOT)) + "?");
        }
        boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
          continue;
        }
        boolean separator = c == '.' || c == '_' || c == '-';
        if (!separator) {
          throw invalid(text, "its repository path " + Texts.quote(path) + " has " + describe(c)
              + "; path components are lower-case letters and digits separated by '.', '_', '__' or '-'");
        }
        if (i == 0 || i == component.length() - 1) {
          throw invalid(text, "its repository path component " + Texts.quote(component)
              + " starts or ends with a separator; it must start and end with a letter or digit");
        }
        // separators: '.', '_', '__', or a run of '-'
        char prev = component.charAt(i - 1);
        boolean prevSeparator = prev == '.' || prev == '_' || prev == '-';
        if (prevSeparator && !(c == '-' && prev == '-') && !(c == '_' && prev == '_'
            && (i < 2 || component.charAt(i - 2) != '_'))) {
          throw invalid(text, "its repository path component " + Texts.quote(component)
              + " has the separator sequence " + Texts.quote("" + prev + c) + "; allowed are '.', '_', '__' and runs of '-'");
        }
      }
    }
  }

  private static boolean isLowerHex(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(char c) {
    if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c) || c > 0x7e) {
      return String.format(Locale.ROOT, "the character U+%04X", (int) c);
    }
    return "'" + c + "'";
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("image reference " + Texts.quote(text) + " is invalid: " + why);
  }
}
