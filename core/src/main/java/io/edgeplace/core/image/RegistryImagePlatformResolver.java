package io.edgeplace.core.image;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.CacheLookup;
import io.edgeplace.api.store.EntryPolicy;
import io.edgeplace.api.store.SnapshotStore;
import io.edgeplace.api.store.StaleTolerantCache;
import io.edgeplace.core.cache.StaleCaches;
import io.edgeplace.core.store.Codecs;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Answers which platforms an image supports by reading its OCI image index or Docker manifest
 * list (or, for a single-platform image, its manifest and config blob) from its registry, and
 * caching the answer.
 *
 * <p>{@link #lookup} never blocks: it answers from the cache, and on a miss answers
 * {@link ImagePlatforms.Source#UNKNOWN} at once and starts reading the registry in the background,
 * on a small pool of its own ({@link Builder#maxConcurrentFetches}). {@link #resolve} is the same
 * lookup for callers that may wait (tests, command-line tools, warm-up).
 *
 * <p>The cache policy: a reference pinned by digest names content that never changes, so its
 * answer is never refreshed and kept for as long as the cache has room; a tag is refreshed in the
 * background {@link Builder#tagRefreshInterval} after it was read. When the registry cannot be
 * asked again, the last answer is served as {@link ImagePlatforms.Source#REGISTRY_STALE} with its
 * age, for at most {@link Builder#maxStaleness}; when nothing was ever read, the answer is
 * {@link ImagePlatforms.Source#UNKNOWN}, which never rejects a pod, and the explanation says so.
 * With {@link Builder#persistTo} the answers survive a restart while the registry is unreachable.
 *
 * <p>Thread-safe. {@link #close()} stops background work.
 *
 * <pre>{@code
 * RegistryImagePlatformResolver resolver = RegistryImagePlatformResolver.builder()
 *     .dockerConfig(Path.of("/etc/edgeplace/pull-secret/.dockerconfigjson"))   // optional
 *     .persistTo(snapshotStore)                                                // optional
 *     .build();
 * PlacementEngine engine = DefaultPlugins.builder(resolver).build();
 * }</pre>
 */
public final class RegistryImagePlatformResolver implements ImagePlatformResolver, AutoCloseable {

  private static final String NEVER_REJECTS = "an unknown platform set never rejects a pod";

  private final StaleTolerantCache<String, CachedPlatforms> cache;
  private final ThreadPoolExecutor fetchers;
  private final InstantSource clock;
  private final RegistryClient client;

  private RegistryImagePlatformResolver(Builder b) {
    this.clock = b.clock;
    HttpClient.Builder http = HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER);
    if (b.sslContext != null) {
      http.sslContext(b.sslContext);
    }
    if (b.proxy != null) {
      http.proxy(b.proxy);
    }
    this.client = new RegistryClient(http.build(), new RegistryClient.Settings(b.connectTimeout, b.requestTimeout,
        b.maxDocumentBytes, b.credentials, b.insecureRegistries, b.endpoints), b.clock);
    AtomicInteger threads = new AtomicInteger();
    this.fetchers = new ThreadPoolExecutor(b.maxConcurrentFetches, b.maxConcurrentFetches, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(b.maxQueuedFetches), r -> {
          Thread t = new Thread(r, "edgeplace-image-fetch-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.fetchers.allowCoreThreadTimeOut(true);
    Duration tagRefresh = b.tagRefreshInterval;
    Duration maxStaleness = b.maxStaleness;
    StaleCaches.Builder<String, CachedPlatforms> cacheBuilder = StaleCaches.<String, CachedPlatforms>newBuilder()
        .name("image-platforms")
        .loader(this::load)
        .policy(new EntryPolicy<String, CachedPlatforms>() {
          @Override
          public Duration refreshAfter(String key, CachedPlatforms value) {
            return value.pinned() ? NEVER : tagRefresh;
          }

          @Override
          public Duration maxStaleness(String key, CachedPlatforms value) {
            return value.pinned() ? NEVER : maxStaleness;
          }
        })
        .retryAfterFailure(b.retryAfterFailure)
        .maximumSize(b.maximumEntries)
        .executor(fetchers)
        .clock(b.clock)
        .metrics(b.metrics);
    if (b.store != null) {
      cacheBuilder.persistTo(b.store, Codecs.string(), CachedPlatforms.PersistCodec.INSTANCE);
    }
    this.cache = cacheBuilder.build();
  }

  /** A builder with the defaults described on each setting. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What is known of the platforms of {@code imageReference} now; never blocks. A miss answers
   * {@link ImagePlatforms.Source#UNKNOWN} and starts a background read of the registry.
   */
  @Override
  public ImagePlatforms lookup(String imageReference) {
    if (imageReference.length() > ImageReference.MAX_REFERENCE_LENGTH) {
      return tooLong(imageReference);
    }
    return answer(imageReference, cache.getIfReady(imageReference));
  }

  /**
   * The platforms of {@code imageReference} once the registry has been asked (when a read is
   * needed: a miss, or a tag due for refresh), or at once from the cache. The future never
   * completes exceptionally: failures are {@link ImagePlatforms.Source#UNKNOWN} or
   * {@link ImagePlatforms.Source#REGISTRY_STALE} answers whose detail gives the error; it
   * completes within a few request timeouts.
   */
  public CompletableFuture<ImagePlatforms> resolve(String imageReference) {
    if (imageReference.length() > ImageReference.MAX_REFERENCE_LENGTH) {
      return CompletableFuture.completedFuture(tooLong(imageReference));
    }
    return cache.get(imageReference).thenApply(l -> answer(imageReference, l));
  }

  /* Never cached: a huge key would stay in memory for nothing. */
  private static ImagePlatforms tooLong(String imageReference) {
    return ImagePlatforms.unknown("image reference " + Texts.quote(imageReference) + " is " + imageReference.length()
        + " characters long, more than any valid reference; " + NEVER_REJECTS);
  }

  /** Forgets what is known of {@code imageReference}; the next lookup reads the registry again. */
  public void invalidate(String imageReference) {
    cache.invalidate(imageReference);
  }

  /** Whether no registry read is running or queued (an estimate; for tests that move the clock). */
  boolean idle() {
    return fetchers.getActiveCount() == 0 && fetchers.getQueue().isEmpty();
  }

  /** Stops background reads and, with {@link Builder#persistTo}, saves the answers one last time. */
  @Override
  public void close() {
    cache.close();
    fetchers.shutdownNow();
  }

  private CachedPlatforms load(String imageReference) {
    ImageReference ref;
    try {
      ref = ImageReference.parse(imageReference);
    } catch (IllegalArgumentException e) {
      throw new RegistryException(RegistryException.Kind.INVALID_REFERENCE, e.getMessage());
    }
    RegistryClient.Resolution r = client.resolve(ref);
    String detail = "read from the registry: " + r.description() + " of " + ref + " at "
        + clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new CachedPlatforms(new ImagePlatforms(r.platforms(), ImagePlatforms.Source.REGISTRY, detail), ref.pinned());
  }

  private ImagePlatforms answer(String imageReference, CacheLookup<CachedPlatforms> l) {
    CachedPlatforms value = l.value();
    switch (l.status()) {
      case FRESH -> {
        return Objects.requireNonNull(value).answer();
      }
      case STALE -> {
        Instant loadedAt = Objects.requireNonNull(l.loadedAt());
        ImagePlatforms known = Objects.requireNonNull(value).answer();
        return new ImagePlatforms(known.platforms(), ImagePlatforms.Source.REGISTRY_STALE,
            "the registry could not be asked again (" + error(l.detail()) + "); serving the last known platforms, "
                + age(Duration.between(loadedAt, clock.instant())) + " old (" + known.detail() + ")");
      }
      default -> {
        if (l.detail().equals("loading")) {
          return ImagePlatforms.unknown("the platforms of image " + Texts.quote(imageReference)
              + " are not known yet: they are being read from its registry in the background; " + NEVER_REJECTS);
        }
        return ImagePlatforms.unknown("the platforms of image " + Texts.quote(imageReference) + " are not known ("
            + error(l.detail()) + "); " + NEVER_REJECTS);
      }
    }
  }

  /** The cache prefixes errors with their class name; a {@link RegistryException}'s message says enough. */
  private static String error(String detail) {
    String prefix = RegistryException.class.getSimpleName() + ": ";
    return detail.startsWith(prefix) ? detail.substring(prefix.length()) : detail;
  }

  /** {@code 45s}, {@code 12m 5s}, {@code 3h 2m}, {@code 2d 4h}. */
  static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m " + (s % 60) + "s";
    }
    if (s < 86_400) {
      return (s / 3600) + "h " + (s % 3600 / 60) + "m";
    }
    return (s / 86_400) + "d " + (s % 86_400 / 3600) + "h";
  }

  @Override
  public String toString() {
    return "RegistryImagePlatformResolver[" + client + ", " + cache + "]";
  }

  /**
   * Settings of a {@link RegistryImagePlatformResolver}. Each is checked when it is set;
   * {@link #build()} never alters the builder.
   */
  public static final class Builder {
    private InstantSource clock = MonotonicClock.INSTANCE;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private long maxDocumentBytes = 4L << 20;
    private Duration tagRefreshInterval = Duration.ofMinutes(10);
    private Duration maxStaleness = Duration.ofDays(7);
    private Duration retryAfterFailure = Duration.ofSeconds(30);
    private long maximumEntries = 10_000;
    private int maxConcurrentFetches = 4;
    private int maxQueuedFetches = 10_000;
    private RegistryCredentials credentials = RegistryCredentials.none();
    private final Set<String> insecureRegistries = new LinkedHashSet<>();
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private EdgeplaceMetrics metrics = EdgeplaceMetrics.NOOP;
    private @Nullable SnapshotStore store;
    private @Nullable SSLContext sslContext;
    private @Nullable ProxySelector proxy;

    private Builder() {
    }

    /** The clock of read times, refreshes and staleness. Default: the system clock at start, advanced by {@link System#nanoTime()}. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long to wait for a connection to a registry. Default 5 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive("connectTimeout", connectTimeout);
      return this;
    }

    /**
     * How long one HTTP exchange with a registry (or its token endpoint) may take, from sending
     * the request to the last byte of the body. Default 10 s.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = positive("requestTimeout", requestTimeout);
      return this;
    }

    /** The largest manifest, index, config blob or token response read. Default 4 MiB. */
    public Builder maxDocumentBytes(long maxDocumentBytes) {
      if (maxDocumentBytes < 1024 || maxDocumentBytes > (64L << 20)) {
        throw new IllegalArgumentException("maxDocumentBytes must be between 1 KiB and 64 MiB, got " + maxDocumentBytes
            + "; registries accept manifests of up to 4 MiB");
      }
      this.maxDocumentBytes = maxDocumentBytes;
      return this;
    }

    /** How long after it was read a tag's answer is refreshed (in the background). Default 10 min. */
    public Builder tagRefreshInterval(Duration tagRefreshInterval) {
      this.tagRefreshInterval = positive("tagRefreshInterval", tagRefreshInterval);
      return this;
    }

    /**
     * How long a tag's last answer may be served while its registry cannot be asked; after that
     * the image is unknown. Default 7 days. Digest references are kept regardless.
     */
    public Builder maxStaleness(Duration maxStaleness) {
      this.maxStaleness = positive("maxStaleness", maxStaleness);
      return this;
    }

    /** After a failed read of an image that has no answer, how long before it is tried again. Default 30 s. */
    public Builder retryAfterFailure(Duration retryAfterFailure) {
      this.retryAfterFailure = positive("retryAfterFailure", retryAfterFailure);
      return this;
    }

    /** The most image references remembered; the least used are evicted beyond it. Default 10,000. */
    public Builder maximumEntries(long maximumEntries) {
      if (maximumEntries < 1) {
        throw new IllegalArgumentException("maximumEntries must be at least 1, got " + maximumEntries);
      }
      this.maximumEntries = maximumEntries;
      return this;
    }

    /** How many registry reads run at once; more wait in a queue. Default 4. */
    public Builder maxConcurrentFetches(int maxConcurrentFetches) {
      if (maxConcurrentFetches < 1 || maxConcurrentFetches > 256) {
        throw new IllegalArgumentException("maxConcurrentFetches must be between 1 and 256, got " + maxConcurrentFetches);
      }
      this.maxConcurrentFetches = maxConcurrentFetches;
      return this;
    }

    /**
     * How many reads may wait for a free fetcher; beyond it a read fails at once (the image is
     * unknown and retried later). Default 10,000.
     */
    public Builder maxQueuedFetches(int maxQueuedFetches) {
      if (maxQueuedFetches < 1) {
        throw new IllegalArgumentException("maxQueuedFetches must be at least 1, got " + maxQueuedFetches);
      }
      this.maxQueuedFetches = maxQueuedFetches;
      return this;
    }

    /** Credentials by registry. Default none (anonymous reads). */
    public Builder credentials(RegistryCredentials credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /**
     * Adds the credentials of a {@code .dockerconfigjson} file (a mounted imagePullSecret) to
     * those already configured; the file is read now.
     *
     * @throws IllegalArgumentException naming the file and the field when it cannot be read or is malformed
     */
    public Builder dockerConfig(Path dockerConfigJson) {
      this.credentials = credentials.orElse(RegistryCredentials.fromDockerConfig(dockerConfigJson));
      return this;
    }

    /**
     * Reaches {@code registry} ({@code host} or {@code host:port}) over plain HTTP. Registries on
     * {@code localhost}, 127.0.0.0/8 and {@code ::1} need no such setting.
     */
    public Builder insecureRegistry(String registry) {
      Objects.requireNonNull(registry, "registry");
      String r = registry.trim().toLowerCase(Locale.ROOT);
      if (r.isEmpty() || r.contains("/") || r.contains("://")) {
        throw new IllegalArgumentException("insecure registry " + Texts.quote(registry)
            + " must be a host or host:port, such as \"registry.local:5000\"");
      }
      insecureRegistries.add(RegistryCredentials.normalizeRegistry(r));
      return this;
    }

    /**
     * Reaches {@code registry} (as it appears in image references: {@code docker.io},
     * {@code ghcr.io}, {@code host:5000}) at {@code baseUrl} instead, such as a pull-through
     * mirror. The URL's scheme decides between HTTPS and plain HTTP.
     */
    public Builder endpoint(String registry, URI baseUrl) {
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(baseUrl, "baseUrl");
      String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null
          || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("endpoint " + Texts.quote(baseUrl.toString()) + " for registry "
            + Texts.quote(registry) + " must be an http(s) URL without query, such as \"https://mirror.local:5000\"");
      }
      endpoints.put(RegistryCredentials.normalizeRegistry(registry), baseUrl);
      return this;
    }

    /** Where cache hits, misses, stale answers and reads are reported. Default no-op. */
    public Builder metrics(EdgeplaceMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** Persists the answers in {@code store} (state {@code cache-image-platforms}) and restores them at build. */
    public Builder persistTo(SnapshotStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The TLS context for HTTPS registries (a private CA). Default the JDK's. */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      return this;
    }

    /** The proxy selector for registry connections. Default none. */
    public Builder proxy(ProxySelector proxy) {
      this.proxy = Objects.requireNonNull(proxy, "proxy");
      return this;
    }

    /** A new resolver; with {@link #persistTo}, restored from the store. */
    public RegistryImagePlatformResolver build() {
      if (maxStaleness.compareTo(tagRefreshInterval) < 0) {
        throw new IllegalArgumentException("maxStaleness " + maxStaleness + " is shorter than tagRefreshInterval "
            + tagRefreshInterval + "; a tag's answer would vanish before its first refresh. Maybe maxStaleness = "
            + tagRefreshInterval.multipliedBy(6) + "?");
      }
      return new RegistryImagePlatformResolver(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
