package io.edgeplace.core.image;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplace.api.Platform;
import io.edgeplace.core.image.RegistryException.Kind;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Parsers for the documents a registry serves: image indexes and Docker manifest lists, image
 * manifests, image config blobs, bearer token responses and error bodies.
 *
 * <p>Input is hostile. Each document is read into a bounded tree (its size is already limited by
 * the client; nesting depth, string and number lengths are limited here; duplicate keys and
 * trailing data are refused) and every field is checked for presence and type. Any problem is a
 * {@link RegistryException} of kind {@link Kind#MALFORMED_DOCUMENT} or
 * {@link Kind#UNSUPPORTED_DOCUMENT} whose message names the document, the field path and the
 * value; nothing else is thrown.
 */
final class RegistryDocuments {

  static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  static final String DOCKER_MANIFEST_V1 = "application/vnd.docker.distribution.manifest.v1+json";
  static final String DOCKER_MANIFEST_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws";
  static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

  /** The {@code Accept} header of manifest requests: indexes first, then single manifests. */
  static final String MANIFEST_ACCEPT = String.join(", ", OCI_INDEX, DOCKER_MANIFEST_LIST, OCI_MANIFEST, DOCKER_MANIFEST);

  /** Annotation by which BuildKit marks the attestation entries of an index. */
  static final String DOCKER_REFERENCE_TYPE = "vnd.docker.reference.type";
  static final String ATTESTATION_MANIFEST = "attestation-manifest";

  private static final int MAX_PLATFORM_COMPONENT = 64;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(64)
          .maxStringLength(1 << 20)
          .maxNumberLength(64)
          .maxNameLength(1 << 12)
          .build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private RegistryDocuments() {
  }

  /** What a manifest request returned. */
  sealed interface Manifest permits Index, ImageManifest {
  }

  /**
   * An OCI image index or Docker manifest list.
   *
   * @param platforms       the runnable platforms, in document order, without duplicates
   * @param attestations    entries skipped as attestations ({@code unknown/unknown} or annotated)
   * @param withoutPlatform entries skipped because they name no platform
   */
  record Index(String mediaType, Set<Platform> platforms, int attestations, int withoutPlatform) implements Manifest {
  }

  /** A single-platform image manifest; its platform is in its config blob. */
  record ImageManifest(String mediaType, String configDigest) implements Manifest {
  }

  /** A bearer token from a token endpoint; the value is never printed. */
  record Token(String value, long expiresInSeconds) {
    @Override
    public String toString() {
      return "Token[value=<redacted>, expiresInSeconds=" + expiresInSeconds + "]";
    }
  }

  /**
   * Parses a manifest response: an index or a single manifest, told apart by the document's
   * {@code mediaType}, else the response's {@code Content-Type}, else its shape.
   *
   * @param what names the document in messages, such as {@code manifest of ghcr.io/acme/app:1.2}
   */
  static Manifest parseManifest(byte[] body, @Nullable String contentType, String what) {
    JsonNode root = readObject(body, what);
    JsonNode schemaVersion = root.get("schemaVersion");
    if (schemaVersion == null) {
      throw malformed(what, "schemaVersion", "is missing; expected 2");
    }
    if (!schemaVersion.isIntegralNumber() || !schemaVersion.canConvertToInt() || schemaVersion.intValue() != 2) {
      if (schemaVersion.isIntegralNumber() && schemaVersion.canConvertToInt() && schemaVersion.intValue() == 1) {
        throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT, what + " is a Docker schema 1 manifest, which names "
            + "no platforms reliably; maybe push the image again with a current client");
      }
      throw malformed(what, "schemaVersion", "is " + show(schemaVersion) + "; expected 2");
    }
    String mediaType = optionalText(root, "mediaType", what, "mediaType");
    if (mediaType == null && contentType != null) {
      mediaType = baseMediaType(contentType);
    }
    String kind = mediaType == null ? "" : mediaType;
    switch (kind) {
      case OCI_INDEX, DOCKER_MANIFEST_LIST -> {
        return parseIndex(root, kind, what);
      }
      case OCI_MANIFEST, DOCKER_MANIFEST -> {
        return parseImageManifest(root, kind, what);
      }
      case DOCKER_MANIFEST_V1, DOCKER_MANIFEST_V1_SIGNED -> throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT,
          what + " is a Docker schema 1 manifest, which names no platforms reliably; maybe push the image again "
              + "with a current client");
      default -> {
        // an OCI document may omit mediaType, and some registries send a generic Content-Type
        if (root.has("manifests")) {
          return parseIndex(root, OCI_INDEX, what);
        }
        if (root.has("config")) {
          return parseImageManifest(root, OCI_MANIFEST, what);
        }
        throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT, what + " has media type "
            + (mediaType == null ? "(none)" : Texts.quote(mediaType)) + " and neither a \"manifests\" list (an index) "
            + "nor a \"config\" (an image manifest); it is not a container image");
      }
    }
  }

  private static Index parseIndex(JsonNode root, String mediaType, String what) {
    JsonNode manifests = root.get("manifests");
    if (manifests == null || !manifests.isArray()) {
      throw malformed(what, "manifests", manifests == null ? "is missing; an index lists its manifests there"
          : "is " + show(manifests) + "; expected an array");
    }
    Set<Platform> platforms = new LinkedHashSet<>();
    int attestations = 0;
    int withoutPlatform = 0;
    for (int i = 0; i < manifests.size(); i++) {
      String path = "manifests[" + i + "]";
      JsonNode entry = manifests.get(i);
      if (!entry.isObject()) {
        throw malformed(what, path, "is " + show(entry) + "; expected an object");
      }
      optionalText(entry, "mediaType", what, path + ".mediaType");
      String referenceType = null;
      JsonNode annotations = entry.get("annotations");
      if (annotations != null && !annotations.isNull()) {
        if (!annotations.isObject()) {
          throw malformed(what, path + ".annotations", "is " + show(annotations) + "; expected an object");
        }
        referenceType = optionalText(annotations, DOCKER_REFERENCE_TYPE, what, path + ".annotations." + DOCKER_REFERENCE_TYPE);
      }
      JsonNode platform = entry.get("platform");
      if (platform == null || platform.isNull()) {
        if (ATTESTATION_MANIFEST.equals(referenceType)) {
          attestations++;
        } else {
          withoutPlatform++;
        }
        continue;
      }
      if (!platform.isObject()) {
        throw malformed(what, path + ".platform", "is " + show(platform) + "; expected an object");
      }
      String os = requiredText(platform, "os", what, path + ".platform.os");
      String architecture = requiredText(platform, "architecture", what, path + ".platform.architecture");
      String variant = optionalText(platform, "variant", what, path + ".platform.variant");
      if (ATTESTATION_MANIFEST.equals(referenceType) || (os.equals("unknown") && architecture.equals("unknown"))) {
        attestations++;
        continue;
      }
      platforms.add(platform(os, architecture, variant, what, path + ".platform"));
    }
    if (platforms.isEmpty()) {
      throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT, what + " is an index of " + manifests.size()
          + " entries (" + attestations + " attestations, " + withoutPlatform + " without a platform) that names no "
          + "runnable platform; it is not a container image index");
    }
    return new Index(mediaType, platforms, attestations, withoutPlatform);
  }

  private static ImageManifest parseImageManifest(JsonNode root, String mediaType, String what) {
    JsonNode config = root.get("config");
    if (config == null || !config.isObject()) {
      throw malformed(what, "config", config == null ? "is missing; an image manifest names its config blob there"
          : "is " + show(config) + "; expected an object");
    }
    String configType = optionalText(config, "mediaType", what, "config.mediaType");
    if (configType != null && !configType.equals(OCI_CONFIG) && !configType.equals(DOCKER_CONFIG)) {
      throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT, what + " is not a container image: its config has media type "
          + Texts.quote(configType) + " (an artifact such as a Helm chart or a signature?); expected "
          + OCI_CONFIG + " or " + DOCKER_CONFIG);
    }
    String digest = requiredText(config, "digest", what, "config.digest");
    if (!ImageReference.isValidDigest(digest)) {
      throw malformed(what, "config.digest", "is " + Texts.quote(digest)
          + "; expected a digest such as sha256:<64 lower-case hex digits>");
    }
    return new ImageManifest(mediaType, digest);
  }

  /**
   * Parses an image config blob and returns the platform it was built for.
   *
   * @param what names the blob in messages, such as {@code config sha256:… of ghcr.io/acme/app:1.2}
   */
  static Platform parseConfig(byte[] body, String what) {
    JsonNode root = readObject(body, what);
    String os = requiredText(root, "os", what, "os");
    String architecture = requiredText(root, "architecture", what, "architecture");
    String variant = optionalText(root, "variant", what, "variant");
    if (os.equals("unknown") && architecture.equals("unknown")) {
      throw new RegistryException(Kind.UNSUPPORTED_DOCUMENT, what + " names platform unknown/unknown; "
          + "it is an attestation or artifact, not a runnable image");
    }
    return platform(os, architecture, variant, what, "");
  }

  /** Parses a token endpoint's answer: {@code token} or {@code access_token}, and {@code expires_in}. */
  static Token parseToken(byte[] body, String what) {
    JsonNode root = readObject(body, what);
    String token = optionalSecret(root, "token", what, "token");
    if (token == null || token.isEmpty()) {
      token = optionalSecret(root, "access_token", what, "access_token");
    }
    if (token == null || token.isEmpty()) {
      throw malformed(what, "token", "and \"access_token\" are both missing or empty");
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw malformed(what, "token", "has a character that cannot be sent in an HTTP header (position " + i + ")");
      }
    }
    long expiresIn = 60;
    JsonNode expires = root.get("expires_in");
    if (expires != null && !expires.isNull()) {
      if (!expires.isIntegralNumber() || !expires.canConvertToLong()) {
        throw malformed(what, "expires_in", "is " + show(expires) + "; expected a number of seconds");
      }
      expiresIn = Math.max(0, Math.min(expires.longValue(), 86_400));
    }
    return new Token(token, expiresIn);
  }

  /**
   * A one-line description of a registry error body ({@code {"errors":[{"code":…,"message":…}]}}),
   * or the empty string when there is none; never fails.
   */
  static String describeErrorBody(byte[] body) {
    return describeErrorBody(body, java.util.function.UnaryOperator.identity());
  }

  /** As {@link #describeErrorBody(byte[])}, with {@code redact} applied to the code and message before quoting. */
  static String describeErrorBody(byte[] body, java.util.function.UnaryOperator<String> redact) {
    if (body.length == 0) {
      return "";
    }
    try {
      JsonNode errors = MAPPER.readTree(body).path("errors");
      if (errors.isArray() && !errors.isEmpty()) {
        JsonNode first = errors.get(0);
        String code = first.path("code").isTextual() ? first.path("code").textValue() : "";
        String message = first.path("message").isTextual() ? first.path("message").textValue() : "";
        if (!code.isEmpty() || !message.isEmpty()) {
          return " (" + Texts.quote(redact.apply(code)) + ": " + Texts.quote(redact.apply(message)) + ")";
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a registry error body: say nothing about it
    }
    return "";
  }

  /**
   * Parses a {@code .dockerconfigjson} (the {@code auths} object of an imagePullSecret) or a
   * legacy {@code .dockercfg} (the same entries at the top level). Values of credentials never
   * appear in messages.
   *
   * @return the entries by registry key as written
   */
  static Map<String, RegistryCredentials.Entry> parseDockerConfig(byte[] body, String what) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      // the message of a parse error may quote content: report the position only
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " is not valid JSON (at line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ", column "
          + (e.getLocation() == null ? "?" : e.getLocation().getColumnNr()) + ")");
    } catch (IOException e) {
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " could not be read: " + e.getClass().getSimpleName());
    }
    if (root == null || !root.isObject()) {
      throw malformed(what, "", "is not a JSON object; expected {\"auths\": {\"<registry>\": {\"auth\": \"<base64 user:password>\"}}}");
    }
    JsonNode auths = root.has("auths") ? root.get("auths") : root;
    String prefix = root.has("auths") ? "auths" : "";
    if (!auths.isObject()) {
      throw malformed(what, prefix, "is " + kindOf(auths) + "; expected an object of registries");
    }
    Map<String, RegistryCredentials.Entry> entries = new java.util.LinkedHashMap<>();
    var fields = auths.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      String path = (prefix.isEmpty() ? "" : prefix) + "[" + Texts.quote(field.getKey()) + "]";
      JsonNode entry = field.getValue();
      if (!entry.isObject()) {
        throw malformed(what, path, "is " + kindOf(entry) + "; expected an object with \"auth\" or \"username\" and \"password\"");
      }
      String username = optionalSecret(entry, "username", what, path + ".username");
      String password = optionalSecret(entry, "password", what, path + ".password");
      String auth = optionalSecret(entry, "auth", what, path + ".auth");
      if (auth != null && !auth.isEmpty()) {
        String decoded;
        try {
          decoded = new String(java.util.Base64.getDecoder().decode(auth.strip()), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          throw malformed(what, path + ".auth", "is not valid base64; expected base64 of \"username:password\"");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
          throw malformed(what, path + ".auth", "does not decode to \"username:password\" (no ':')");
        }
        username = decoded.substring(0, colon);
        password = decoded.substring(colon + 1);
      }
      if (username == null || username.isEmpty() || password == null) {
        continue; // an identity token or a credential helper entry: nothing usable for Basic auth
      }
      entries.put(field.getKey(), new RegistryCredentials.Entry(username, password));
    }
    return entries;
  }

  // ---- helpers ----

  private static JsonNode readObject(byte[] body, String what) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " is not valid JSON: " + oneLine(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")"), e);
    } catch (IOException e) {
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " could not be read: " + oneLine(String.valueOf(e.getMessage())), e);
    }
    if (root == null || !root.isObject()) {
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " is " + (root == null || root.isMissingNode() ? "empty"
          : show(root)) + "; expected a JSON object");
    }
    return root;
  }

  private static Platform platform(String os, String architecture, @Nullable String variant, String what, String path) {
    String prefix = path.isEmpty() ? "" : path + ".";
    checkComponent(os, what, prefix + "os");
    checkComponent(architecture, what, prefix + "architecture");
    if (variant != null && !variant.isEmpty()) {
      checkComponent(variant, what, prefix + "variant");
    }
    return Platform.of(os, architecture, variant == null ? "" : variant);
  }

  private static void checkComponent(String value, String what, String path) {
    boolean ok = !value.isEmpty() && value.length() <= MAX_PLATFORM_COMPONENT;
    for (int i = 0; ok && i < value.length(); i++) {
      char c = value.charAt(i);
      ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }
    if (!ok) {
      throw malformed(what, path, "is " + Texts.quote(value) + "; expected 1 to " + MAX_PLATFORM_COMPONENT
          + " letters, digits, '.', '_' or '-', such as \"linux\", \"arm64\" or \"v7\"");
    }
  }

  private static String requiredText(JsonNode parent, String field, String what, String path) {
    String value = optionalText(parent, field, what, path);
    if (value == null) {
      throw malformed(what, path, "is missing");
    }
    return value;
  }

  private static @Nullable String optionalText(JsonNode parent, String field, String what, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw malformed(what, path, "is " + show(node) + "; expected a string");
    }
    return node.textValue();
  }

  /** Like {@link #optionalText} but never shows the value. */
  private static @Nullable String optionalSecret(JsonNode parent, String field, String what, String path) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw malformed(what, path, "is " + kindOf(node) + "; expected a string");
    }
    return node.textValue();
  }

  static String baseMediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
  }

  private static RegistryException malformed(String what, String path, String problem) {
    String field = path.isEmpty() ? "" : " field \"" + path + "\"";
    return new RegistryException(Kind.MALFORMED_DOCUMENT, what + field + " " + problem);
  }

  private static String show(JsonNode node) {
    if (node.isTextual()) {
      return "the string " + Texts.quote(node.textValue());
    }
    if (node.isContainerNode()) {
      return kindOf(node);
    }
    return kindOf(node) + " " + Texts.quote(node.toString());
  }

  private static String kindOf(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      case BINARY -> "binary data";
      case MISSING -> "missing";
    };
  }

  private static String oneLine(@Nullable String message) {
    if (message == null) {
      return "";
    }
    StringBuilder line = new StringBuilder(Math.min(message.length(), 300));
    for (int i = 0; i < message.length() && i < 300; i++) {
      char c = message.charAt(i);
      line.append(c < 0x20 || c == 0x7f ? ' ' : c);
    }
    return message.length() > 300 ? line + "…" : line.toString();
  }
}
