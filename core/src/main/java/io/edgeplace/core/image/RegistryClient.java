package io.edgeplace.core.image;

import io.edgeplace.api.Platform;
import io.edgeplace.core.image.RegistryDocuments.ImageManifest;
import io.edgeplace.core.image.RegistryDocuments.Index;
import io.edgeplace.core.image.RegistryDocuments.Manifest;
import io.edgeplace.core.image.RegistryDocuments.Token;
import io.edgeplace.core.image.RegistryException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small OCI distribution client: it reads an image's manifest (an index, or a single manifest
 * and then its config blob) and answers the platforms the image supports.
 *
 * <p>Every exchange is bounded: a connect timeout, a request timeout covering the whole exchange
 * including a body that stalls, and a size limit on every body. Authentication follows the
 * registry's challenge: {@code Bearer} (a token from the realm, with Basic credentials when
 * configured) or {@code Basic}. Tokens are cached per repository until they expire. Redirects
 * (blob storage) are followed by hand, at most five, never from HTTPS down to HTTP, and the
 * {@code Authorization} header is dropped when the redirect leaves the registry's origin.
 *
 * <p>Calls block the calling thread for at most a few request timeouts; the resolver runs them
 * on its own bounded executor, never on a request path. Errors are {@link RegistryException}s
 * whose messages name the image and the URL and never contain credentials or tokens.
 */
final class RegistryClient {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final int MAX_REDIRECTS = 5;
  private static final int MAX_AUTH_CACHE = 1024;
  private static final String CONFIG_ACCEPT = String.join(", ", RegistryDocuments.OCI_CONFIG,
      RegistryDocuments.DOCKER_CONFIG, "application/json", "*/*");

  /**
   * What the client was configured with.
   *
   * @param endpoints          base URLs by registry name, overriding the default (a mirror, a test server)
   * @param insecureRegistries registries (host or host:port) reached over plain HTTP although not loopback
   */
  record Settings(Duration connectTimeout, Duration requestTimeout, long maxDocumentBytes,
      RegistryCredentials credentials, Set<String> insecureRegistries, Map<String, URI> endpoints) {
    Settings {
      insecureRegistries = Set.copyOf(insecureRegistries);
      endpoints = Map.copyOf(endpoints);
    }
  }

  /**
   * What the registry says about an image.
   *
   * @param platforms   the supported platforms, never empty
   * @param digest      the digest of the manifest or index read
   * @param description for explanations: {@code index sha256:… (4 platforms, 1 attestation skipped)}
   */
  record Resolution(Set<Platform> platforms, String digest, String description) {
    Resolution {
      platforms = Set.copyOf(platforms);
    }
  }

  private record Response(int status, HttpHeaders headers, byte[] body, URI uri) {
  }

  private record CachedAuth(String header, Instant expires) {
    @Override
    public String toString() {
      return "CachedAuth[header=<redacted>, expires=" + expires + "]";
    }
  }

  /** Where one image's registry is reached. */
  private record Target(ImageReference ref, URI base, boolean plainHttpAllowed) {
    String authKey() {
      return base + " " + ref.repository();
    }
  }

  private final HttpClient http;
  private final Settings settings;
  private final InstantSource clock;
  private final Map<String, CachedAuth> authCache = new ConcurrentHashMap<>();

  RegistryClient(HttpClient http, Settings settings, InstantSource clock) {
    this.http = http;
    this.settings = settings;
    this.clock = clock;
  }

  static HttpClient newHttpClient(Duration connectTimeout) {
    return HttpClient.newBuilder()
        .connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Reads the platforms of {@code ref} from its registry; blocks for a bounded time. */
  Resolution resolve(ImageReference ref) {
    Target target = target(ref);
    String what = "manifest of " + ref;
    URI manifestUri = URI.create(target.base() + "/v2/" + ref.repository() + "/manifests/" + ref.manifestReference());
    Response response = get(target, manifestUri, RegistryDocuments.MANIFEST_ACCEPT, what);
    String digest;
    if (ref.digest() != null) {
      digest = ref.digest();
      verifyDigest(response.body(), digest, what);
    } else {
      digest = response.headers().firstValue("docker-content-digest")
          .filter(ImageReference::isValidDigest)
          .orElseGet(() -> "sha256:" + HexFormat.of().formatHex(sha(response.body(), "SHA-256")));
    }
    Manifest manifest = RegistryDocuments.parseManifest(response.body(),
        response.headers().firstValue("content-type").orElse(null), what);
    if (manifest instanceof Index index) {
      StringBuilder description = new StringBuilder("index ").append(digest).append(" (")
          .append(index.platforms().size()).append(index.platforms().size() == 1 ? " platform" : " platforms");
      if (index.attestations() > 0) {
        description.append(", ").append(index.attestations())
            .append(index.attestations() == 1 ? " attestation" : " attestations").append(" skipped");
      }
      description.append(')');
      return new Resolution(index.platforms(), digest, description.toString());
    }
    ImageManifest single = (ImageManifest) manifest;
    String configWhat = "config blob " + single.configDigest() + " of " + ref;
    URI blobUri = URI.create(target.base() + "/v2/" + ref.repository() + "/blobs/" + single.configDigest());
    Response config = get(target, blobUri, CONFIG_ACCEPT, configWhat);
    verifyDigest(config.body(), single.configDigest(), configWhat);
    Platform platform = RegistryDocuments.parseConfig(config.body(), configWhat);
    return new Resolution(Set.of(platform), digest,
        "single-platform manifest " + digest + " (config " + single.configDigest() + ")");
  }

  /** The base URL {@code ref}'s registry is reached at: {@code https://host}, or {@code http://} when allowed. */
  URI baseUri(ImageReference ref) {
    return target(ref).base();
  }

  private Target target(ImageReference ref) {
    String registry = RegistryCredentials.normalizeRegistry(ref.registry());
    URI endpoint = settings.endpoints().get(registry);
    boolean insecure = ref.loopbackRegistry() || settings.insecureRegistries().contains(registry)
        || settings.insecureRegistries().contains(ImageReference.hostOf(registry));
    if (endpoint != null) {
      String base = endpoint.toString();
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
      return new Target(ref, URI.create(base), insecure || "http".equals(endpoint.getScheme()));
    }
    return new Target(ref, URI.create((insecure ? "http://" : "https://") + ref.apiHost()), insecure);
  }

  // ---- one GET with authentication and redirects ----

  private Response get(Target target, URI uri, String accept, String what) {
    String auth = cachedAuth(target);
    boolean challenged = false;
    boolean sameOrigin = true;
    URI current = uri;
    for (int hop = 0; ; ) {
      Response response = send(request(current, accept, sameOrigin ? auth : null), what);
      int status = response.status();
      if (status == 401 && sameOrigin && !challenged) {
        challenged = true;
        authCache.remove(target.authKey());
        auth = authenticate(target, response, what);
        continue;
      }
      if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
        if (++hop > MAX_REDIRECTS) {
          throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + target.ref().registry() + " redirected "
              + what + " more than " + MAX_REDIRECTS + " times (last to " + current + ")");
        }
        URI next = redirectTarget(target, current, response, what);
        sameOrigin = sameOrigin && sameOrigin(uri, next);
        current = next;
        continue;
      }
      if (status >= 200 && status < 300) {
        return response;
      }
      throw statusError(target, response, what, challenged, auth != null);
    }
  }

  private URI redirectTarget(Target target, URI current, Response response, String what) {
    String location = response.headers().firstValue("location").orElse("");
    URI next;
    try {
      next = current.resolve(location.trim());
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + target.ref().registry() + " redirected " + what
          + " to an invalid location " + Texts.quote(location));
    }
    String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
    if (location.isEmpty() || next.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + target.ref().registry() + " redirected " + what
          + " to " + Texts.quote(location) + ", which is not an http(s) URL");
    }
    if (scheme.equals("http") && "https".equalsIgnoreCase(current.getScheme()) && !target.plainHttpAllowed()) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + target.ref().registry() + " redirected " + what
          + " from HTTPS to plain HTTP (" + Texts.quote(location) + "); refused. Maybe configure the registry as insecure");
    }
    return next;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
        && a.getPort() == b.getPort();
  }

  private HttpRequest request(URI uri, String accept, @Nullable String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .GET()
        .timeout(settings.requestTimeout())
        .header("Accept", accept)
        .header("User-Agent", "edgeplace-image-resolver");
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b.build();
  }

  /** One exchange, bounded in time and size; maps transport failures to {@link RegistryException}s. */
  private Response send(HttpRequest request, String what) {
    URI uri = request.uri();
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, BoundedBody.handler(settings.maxDocumentBytes()));
    long timeoutMillis = settings.requestTimeout().toMillis();
    try {
      HttpResponse<byte[]> r = future.get(timeoutMillis, TimeUnit.MILLISECONDS);
      return new Response(r.statusCode(), r.headers(), r.body(), uri);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new RegistryException(Kind.TIMEOUT, "registry did not answer GET " + uri + " (" + what + ") within "
          + timeoutMillis + " ms; it will be asked again later", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new RegistryException(Kind.UNREACHABLE, "interrupted while reading " + what + " from " + uri, e);
    } catch (ExecutionException e) {
      throw transportError(e.getCause() == null ? e : e.getCause(), uri, what);
    }
  }

  private RegistryException transportError(Throwable failure, URI uri, String what) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BoundedBody.TooLargeException tooLarge) {
        return new RegistryException(Kind.DOCUMENT_TOO_LARGE, what + " at " + uri + " " + tooLarge.getMessage()
            + "; maybe raise the resolver's maxDocumentBytes if the registry is trusted");
      }
      if (t instanceof HttpConnectTimeoutException) {
        return new RegistryException(Kind.TIMEOUT, "could not connect to " + uri.getAuthority() + " within "
            + settings.connectTimeout().toMillis() + " ms to read " + what, failure);
      }
      if (t instanceof HttpTimeoutException) {
        return new RegistryException(Kind.TIMEOUT, "registry did not answer GET " + uri + " (" + what + ") within "
            + settings.requestTimeout().toMillis() + " ms; it will be asked again later", failure);
      }
      if (t instanceof ConnectException) {
        return new RegistryException(Kind.UNREACHABLE, "registry " + uri.getAuthority() + " is unreachable ("
            + describe(t) + ") reading " + what, failure);
      }
      if (t instanceof SSLException) {
        return new RegistryException(Kind.UNREACHABLE, "TLS with " + uri.getAuthority() + " failed (" + describe(t)
            + ") reading " + what + "; maybe the registry serves plain HTTP: configure it as insecure", failure);
      }
    }
    return new RegistryException(Kind.UNREACHABLE, "reading " + what + " from " + uri + " failed: " + describe(failure),
        failure);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + Texts.quote(message));
  }

  private RegistryException statusError(Target target, Response response, String what, boolean challenged,
      boolean authenticated) {
    int status = response.status();
    String detail = RegistryDocuments.describeErrorBody(response.body(), text -> redact(target, text));
    String prefix = "registry " + target.ref().registry() + " answered " + status + detail + " to GET " + response.uri()
        + " (" + what + ")";
    if (status == 404) {
      return new RegistryException(Kind.NOT_FOUND, prefix + "; maybe the tag or repository does not exist, "
          + "or it is private and needs credentials");
    }
    if (status == 401 || status == 403) {
      boolean hasCredentials = settings.credentials().forRegistry(target.ref().registry()).isPresent();
      return new RegistryException(Kind.UNAUTHORIZED, prefix + (authenticated || challenged
          ? "; access was refused after authenticating " + (hasCredentials ? "with the configured credentials"
          : "anonymously (no credentials are configured for this registry)")
          : "") + "; maybe add an imagePullSecret (.dockerconfigjson) for " + target.ref().registry());
    }
    if (status == 429 || status >= 500) {
      return new RegistryException(Kind.SERVER_ERROR, prefix + "; it will be asked again later");
    }
    return new RegistryException(Kind.UNEXPECTED_RESPONSE, prefix);
  }

  // ---- authentication ----

  private @Nullable String cachedAuth(Target target) {
    CachedAuth cached = authCache.get(target.authKey());
    if (cached == null) {
      return null;
    }
    if (!clock.instant().isBefore(cached.expires())) {
      authCache.remove(target.authKey(), cached);
      return null;
    }
    return cached.header();
  }

  /** Answers a 401: the value of the {@code Authorization} header to retry with. */
  private String authenticate(Target target, Response challenge, String what) {
    List<AuthChallenge> challenges = new ArrayList<>();
    for (String value : challenge.headers().allValues("www-authenticate")) {
      challenges.addAll(AuthChallenge.parse(value));
    }
    Optional<RegistryCredentials.Entry> credentials = settings.credentials().forRegistry(target.ref().registry());
    String registry = target.ref().registry();
    for (AuthChallenge c : challenges) {
      if (c.scheme().equals("bearer") && c.param("realm") != null) {
        Token token = fetchToken(target, c, credentials.orElse(null), what);
        String header = "Bearer " + token.value();
        remember(target, header, Duration.ofSeconds(Math.max(0, token.expiresInSeconds() - 5)));
        return header;
      }
    }
    for (AuthChallenge c : challenges) {
      if (c.scheme().equals("basic")) {
        if (credentials.isEmpty()) {
          throw new RegistryException(Kind.UNAUTHORIZED, "registry " + registry + " asks for Basic authentication to read "
              + what + " and no credentials are configured for it; maybe add an imagePullSecret (.dockerconfigjson)");
        }
        if (!target.plainHttpAllowed() && !"https".equalsIgnoreCase(target.base().getScheme())) {
          throw new RegistryException(Kind.UNAUTHORIZED, "refusing to send credentials for " + registry
              + " over plain HTTP");
        }
        String header = credentials.get().basicHeader();
        remember(target, header, Duration.ofHours(1));
        return header;
      }
    }
    throw new RegistryException(Kind.UNAUTHORIZED, "registry " + registry + " answered 401 to GET " + challenge.uri()
        + " (" + what + ") without a Bearer or Basic challenge it could be answered with (WWW-Authenticate: "
        + Texts.quote(String.join(" | ", challenge.headers().allValues("www-authenticate"))) + ")");
  }

  /*
   * A registry's error message is quoted in explanations and logs; a hostile or buggy registry
   * may echo back what it was sent. Every secret it could have been sent for this target (the
   * password, the Basic header's base64 and its "user:password", a cached Bearer token) is cut
   * out of the quoted text.
   */
  private String redact(Target target, String quoted) {
    if (quoted.isEmpty()) {
      return quoted;
    }
    String out = quoted;
    RegistryCredentials.Entry e = settings.credentials().forRegistry(target.ref().registry()).orElse(null);
    if (e != null) {
      String basic = e.basicHeader();
      out = cut(out, basic.substring(basic.indexOf(' ') + 1));
      out = cut(out, e.username() + ":" + e.password());
      out = cut(out, e.password());
    }
    CachedAuth cached = authCache.get(target.authKey());
    if (cached != null) {
      String header = cached.header();
      out = cut(out, header.substring(header.indexOf(' ') + 1));
    }
    return out;
  }

  private static String cut(String text, String secret) {
    return secret.length() < 4 ? text : text.replace(secret, "<redacted>");
  }

  private void remember(Target target, String header, Duration lifetime) {
    if (authCache.size() >= MAX_AUTH_CACHE) {
      authCache.clear();
    }
    authCache.put(target.authKey(), new CachedAuth(header, clock.instant().plus(lifetime)));
  }

  private Token fetchToken(Target target, AuthChallenge challenge, RegistryCredentials.@Nullable Entry credentials,
      String what) {
    String registry = target.ref().registry();
    String realm = challenge.param("realm");
    URI realmUri;
    try {
      realmUri = URI.create(realm == null ? "" : realm.trim());
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + registry + " named token realm "
          + Texts.quote(String.valueOf(realm)) + ", which is not a URL");
    }
    String scheme = realmUri.getScheme() == null ? "" : realmUri.getScheme().toLowerCase(Locale.ROOT);
    if (realmUri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + registry + " named token realm "
          + Texts.quote(String.valueOf(realm)) + ", which is not an http(s) URL");
    }
    if (scheme.equals("http") && !target.plainHttpAllowed()) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + registry + " named a plain HTTP token realm "
          + Texts.quote(String.valueOf(realm)) + "; refused for a registry reached over HTTPS");
    }
    String scope = challenge.param("scope");
    if (scope == null || scope.isEmpty()) {
      scope = "repository:" + target.ref().repository() + ":pull";
    }
    StringBuilder query = new StringBuilder();
    String service = challenge.param("service");
    if (service != null) {
      query.append("service=").append(URLEncoder.encode(service, StandardCharsets.UTF_8)).append('&');
    }
    query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
    String base = realmUri.toString();
    URI tokenUri;
    try {
      tokenUri = URI.create(base + (realmUri.getRawQuery() == null ? "?" : "&") + query);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(Kind.UNEXPECTED_RESPONSE, "registry " + registry + " named token realm "
          + Texts.quote(base) + ", which cannot take a query");
    }
    String tokenWhat = "token for " + what;
    Response response = send(request(tokenUri, "application/json",
        credentials == null ? null : credentials.basicHeader()), tokenWhat);
    if (response.status() == 401 || response.status() == 403) {
      throw new RegistryException(Kind.UNAUTHORIZED, "token endpoint " + tokenUri.getAuthority() + " of registry "
          + registry + " answered " + response.status() + RegistryDocuments.describeErrorBody(response.body(), text -> redact(target, text)) + " ("
          + (credentials == null ? "anonymously; no credentials are configured for " + registry
          : "with the configured credentials for " + registry) + "); maybe check the imagePullSecret");
    }
    if (response.status() != 200) {
      throw new RegistryException(response.status() >= 500 || response.status() == 429 ? Kind.SERVER_ERROR
          : Kind.UNEXPECTED_RESPONSE, "token endpoint " + tokenUri.getAuthority() + " of registry " + registry
          + " answered " + response.status() + RegistryDocuments.describeErrorBody(response.body(), text -> redact(target, text)));
    }
    LOG.debug("fetched a registry token for {} from {}", what, tokenUri.getAuthority());
    return RegistryDocuments.parseToken(response.body(), "token response of " + tokenUri.getAuthority());
  }

  // ---- digests ----

  private static void verifyDigest(byte[] body, String digest, String what) {
    int colon = digest.indexOf(':');
    String algorithm = switch (digest.substring(0, colon)) {
      case "sha256" -> "SHA-256";
      case "sha384" -> "SHA-384";
      default -> "SHA-512";
    };
    String actual = HexFormat.of().formatHex(sha(body, algorithm));
    if (!actual.equals(digest.substring(colon + 1))) {
      throw new RegistryException(Kind.MALFORMED_DOCUMENT, what + " does not match its digest " + digest
          + " (its content hashes to " + digest.substring(0, colon) + ":" + actual + "); the registry or a proxy altered it");
    }
  }

  private static byte[] sha(byte[] body, String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm).digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }

  @Override
  public String toString() {
    return "RegistryClient[requestTimeout=" + settings.requestTimeout() + ", maxDocumentBytes="
        + settings.maxDocumentBytes() + ", credentials=" + settings.credentials() + "]";
  }
}
