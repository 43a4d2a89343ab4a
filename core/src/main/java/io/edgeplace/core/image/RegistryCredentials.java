package io.edgeplace.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Registry credentials, read from a {@code .dockerconfigjson} file (the content of a
 * {@code kubernetes.io/dockerconfigjson} imagePullSecret: {@code auths} → registry →
 * {@code auth} as base64 of {@code username:password}, or {@code username} and {@code password}),
 * or from a legacy {@code .dockercfg}.
 *
 * <p>Registry keys are matched as container runtimes match them: a scheme and a path are ignored
 * ({@code https://index.docker.io/v1/} is Docker Hub), and {@code index.docker.io},
 * {@code registry-1.docker.io} and {@code docker.io} are one registry. Credentials never appear in
 * {@link #toString()}, in exceptions or in logs; only registry names do.
 */
public final class RegistryCredentials {
  private static final RegistryCredentials NONE = new RegistryCredentials(Map.of());
  private static final long MAX_FILE_BYTES = 1 << 20;

  private final Map<String, Entry> byRegistry;

  private RegistryCredentials(Map<String, Entry> byRegistry) {
    this.byRegistry = Map.copyOf(byRegistry);
  }

  /** No credentials: every registry is asked anonymously. */
  public static RegistryCredentials none() {
    return NONE;
  }

  /**
   * Reads a {@code .dockerconfigjson} (or {@code .dockercfg}) file, such as a mounted
   * imagePullSecret.
   *
   * @throws IllegalArgumentException naming the file and the field when it cannot be read or is malformed
   */
  public static RegistryCredentials fromDockerConfig(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] body;
    try (InputStream in = Files.newInputStream(file)) {
      body = in.readNBytes((int) MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      throw new IllegalArgumentException("registry credentials file " + file + " cannot be read: " + e
          + "; maybe mount the imagePullSecret's .dockerconfigjson key there", e);
    }
    if (body.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException("registry credentials file " + file + " is larger than " + MAX_FILE_BYTES
          + " bytes; it is not a .dockerconfigjson");
    }
    return parse(body, "registry credentials file " + file);
  }

  /** Parses the JSON text of a {@code .dockerconfigjson}. */
  public static RegistryCredentials fromDockerConfigJson(String json) {
    Objects.requireNonNull(json, "json");
    return parse(json.getBytes(StandardCharsets.UTF_8), "registry credentials (.dockerconfigjson)");
  }

  private static RegistryCredentials parse(byte[] body, String what) {
    Map<String, Entry> entries;
    try {
      entries = RegistryDocuments.parseDockerConfig(body, what);
    } catch (RegistryException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    Map<String, Entry> normalized = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      normalized.putIfAbsent(normalizeRegistry(e.getKey()), e.getValue());
    }
    return new RegistryCredentials(normalized);
  }

  /** These credentials and, for registries these do not name, {@code other}'s. */
  public RegistryCredentials orElse(RegistryCredentials other) {
    Map<String, Entry> merged = new LinkedHashMap<>(other.byRegistry);
    merged.putAll(byRegistry);
    return new RegistryCredentials(merged);
  }

  /** Whether credentials are configured for {@code registry} ({@code ghcr.io}, {@code docker.io}, {@code host:5000}). */
  public boolean has(String registry) {
    return byRegistry.containsKey(normalizeRegistry(registry));
  }

  Optional<Entry> forRegistry(String registry) {
    return Optional.ofNullable(byRegistry.get(normalizeRegistry(registry)));
  }

  /** {@code docker.io} for Docker Hub's aliases; else the host[:port] of a key, lower case, without scheme or path. */
  static String normalizeRegistry(String key) {
    String k = key.trim();
    int scheme = k.indexOf("://");
    if (scheme >= 0) {
      k = k.substring(scheme + 3);
    }
    int slash = k.indexOf('/');
    if (slash >= 0) {
      k = k.substring(0, slash);
    }
    k = k.toLowerCase(Locale.ROOT);
    return switch (k) {
      case "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com" -> ImageReference.DOCKER_HUB;
      default -> k;
    };
  }

  /** Registry names only; never the credentials. */
  @Override
  public String toString() {
    return "RegistryCredentials[registries=" + byRegistry.keySet().stream().sorted().toList() + "]";
  }

  /** A username and password for Basic authentication; {@link #toString()} redacts both. */
  record Entry(String username, String password) {
    Entry {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    /** The value of an {@code Authorization} header. */
    String basicHeader() {
      return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "Entry[username=<redacted>, password=<redacted>]";
    }
  }
}
