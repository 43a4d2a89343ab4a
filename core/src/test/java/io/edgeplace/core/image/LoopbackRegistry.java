package io.edgeplace.core.image;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A registry served on 127.0.0.1 by a test: the OCI distribution endpoints a resolver reads
 * ({@code /v2/<name>/manifests/<ref>}, {@code /v2/<name>/blobs/<digest>}), an optional bearer
 * token challenge with its token endpoint, and injected faults (a status, a raw body, a response
 * that hangs). Every request is recorded. Shared with other modules' tests through core's test jar.
 */
public final class LoopbackRegistry implements AutoCloseable {

  /** A request as the registry saw it. */
  public record Request(String method, String path, @Nullable String query, @Nullable String authorization,
      @Nullable String accept) {
  }

  /** An injected answer for one path. */
  @FunctionalInterface
  public interface Route {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile @Nullable String requiredToken;
  private volatile @Nullable String requiredBasic;
  private volatile int tokenStatus = 200;

  private LoopbackRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicInteger n = new AtomicInteger();
    threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loopback-registry-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(threads);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** Starts a registry on an ephemeral port of 127.0.0.1. */
  public static LoopbackRegistry start() {
    try {
      return new LoopbackRegistry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:<port>}, the registry part of image references. */
  public String host() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://" + host();
  }

  // ---- content ----

  /** Serves {@code body} as manifest {@code reference} (a tag) of {@code name}, and under its digest. */
  public String putManifest(String name, String tag, String mediaType, byte[] body) {
    String digest = digest(body);
    Route route = ok(mediaType, body, digest);
    routes.put("/v2/" + name + "/manifests/" + tag, route);
    routes.put("/v2/" + name + "/manifests/" + digest, route);
    return digest;
  }

  /** Serves {@code body} as blob {@code sha256:…} of {@code name}; returns the digest. */
  public String putBlob(String name, String mediaType, byte[] body) {
    String digest = digest(body);
    routes.put("/v2/" + name + "/blobs/" + digest, ok(mediaType, body, digest));
    return digest;
  }

  /** Answers {@code path} with {@code route} instead of its content. */
  public void route(String path, Route route) {
    routes.put(path, route);
  }

  /** Requires {@code Authorization: Bearer <token>} on every {@code /v2/} request, with a token challenge. */
  public void requireToken(String token) {
    this.requiredToken = token;
  }

  /** The token endpoint hands out tokens only for {@code Authorization: Basic <base64 user:password>}. */
  public void requireBasicAtTokenEndpoint(String user, String password) {
    this.requiredBasic = "Basic " + java.util.Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The status the token endpoint answers (200 by default). */
  public void tokenStatus(int status) {
    this.tokenStatus = status;
  }

  // ---- ready-made routes ----

  public static Route ok(String contentType, byte[] body, @Nullable String digest) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if (digest != null) {
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
      }
      send(exchange, 200, body);
    };
  }

  /** A registry error: {@code {"errors":[{"code":…,"message":…}]}}. */
  public static Route error(int status, String code, String message) {
    byte[] body = ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"detail\":null}]}")
        .getBytes(StandardCharsets.UTF_8);
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      send(exchange, status, body);
    };
  }

  /** {@code size} bytes streamed without a Content-Length (chunked). */
  public static Route chunked(String contentType, int size) {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[8192];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try (OutputStream out = exchange.getResponseBody()) {
        for (int sent = 0; sent < size; sent += chunk.length) {
          out.write(chunk, 0, Math.min(chunk.length, size - sent));
        }
      } catch (IOException e) {
        // the client hung up, as it should on an oversized body
      }
    };
  }

  /** Sends headers and a few bytes, then stalls until the registry is closed. */
  public Route hangingBody() {
    return exchange -> {
      exchange.getResponseHeaders().set("Content-Type", RegistryDocuments.OCI_INDEX);
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      out.write("{\"schemaVersion\":".getBytes(StandardCharsets.UTF_8));
      out.flush();
      awaitRelease();
    };
  }

  /** Never answers, until the registry is closed. */
  public Route hangingHeaders() {
    return exchange -> awaitRelease();
  }

  /** Redirects to {@code location}. */
  public static Route redirect(int status, String location) {
    return exchange -> {
      exchange.getResponseHeaders().set("Location", location);
      send(exchange, status, new byte[0]);
    };
  }

  // ---- what happened ----

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Requests whose path starts with {@code prefix}. */
  public List<Request> requests(String prefix) {
    List<Request> matching = new ArrayList<>();
    for (Request r : requests) {
      if (r.path().startsWith(prefix)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** Requests being handled now. */
  public int inFlight() {
    return inFlight.get();
  }

  /** The most requests handled at once so far. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    threads.shutdownNow();
  }

  // ---- serving ----

  private void dispatch(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    try (exchange) {
      Headers h = exchange.getRequestHeaders();
      String path = exchange.getRequestURI().getRawPath();
      requests.add(new Request(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
          h.getFirst("Authorization"), h.getFirst("Accept")));
      try (InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
      }
      if (path.equals("/token")) {
        serveToken(exchange);
        return;
      }
      String token = requiredToken;
      if (token != null && path.startsWith("/v2/") && !("Bearer " + token).equals(h.getFirst("Authorization"))) {
        String name = repositoryOf(path);
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + baseUrl() + "/token\","
            + "service=\"loopback-registry\",scope=\"repository:" + name + ":pull\"");
        error(401, "UNAUTHORIZED", "authentication required").handle(exchange);
        return;
      }
      Route route = routes.get(path);
      if (route == null) {
        error(404, path.contains("/blobs/") ? "BLOB_UNKNOWN" : "MANIFEST_UNKNOWN", "manifest unknown").handle(exchange);
        return;
      }
      route.handle(exchange);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void serveToken(HttpExchange exchange) throws IOException {
    String basic = requiredBasic;
    if (tokenStatus != 200 || (basic != null && !basic.equals(exchange.getRequestHeaders().getFirst("Authorization")))) {
      error(tokenStatus != 200 ? tokenStatus : 401, "UNAUTHORIZED", "incorrect username or password").handle(exchange);
      return;
    }
    String token = Objects.requireNonNullElse(requiredToken, "anonymous");
    byte[] body = ("{\"token\":\"" + token + "\",\"access_token\":\"" + token
        + "\",\"expires_in\":300,\"issued_at\":\"2026-11-25T17:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    ok("application/json", body, null).handle(exchange);
  }

  private static String repositoryOf(String path) {
    String rest = path.substring("/v2/".length());
    int manifests = rest.indexOf("/manifests/");
    int blobs = rest.indexOf("/blobs/");
    int end = manifests >= 0 ? manifests : blobs >= 0 ? blobs : rest.length();
    return rest.substring(0, end);
  }

  private void awaitRelease() {
    try {
      released.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      } catch (IOException e) {
        // the client hung up (an oversized body, a timeout)
      }
    }
  }

  /** {@code sha256:<hex>} of {@code body}. */
  public static String digest(byte[] body) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
