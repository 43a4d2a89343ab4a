package io.edgeplace.core.cache;

import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.EntryPolicy;
import io.edgeplace.api.store.SnapshotStore;
import io.edgeplace.api.store.StaleTolerantCache;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The entry point to build a {@link StaleTolerantCache} on Caffeine:
 *
 * <pre>{@code
 * StaleTolerantCache<String, ImagePlatforms> cache = StaleCaches.<String, ImagePlatforms>newBuilder()
 *     .name("image-platforms")
 *     .loader(ref -> registry.fetch(ref))
 *     .policy(myPolicy)                              // per entry: digests never refresh, tags do
 *     .persistTo(store, Codecs.string(), platformsCodec)
 *     .build();
 * CacheLookup<ImagePlatforms> l = cache.getIfReady("nginx:1.27");   // never blocks
 * }</pre>
 *
 * Each setting is checked when it is set; {@link Builder#build()} fails when the loader is
 * missing and never alters the builder.
 */
public final class StaleCaches {
  private StaleCaches() {
  }

  public static <K, V> Builder<K, V> newBuilder() {
    return new Builder<>();
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,58}");

  /** Settings of a cache; see each method for its default. */
  public static final class Builder<K, V> {
    String name = "cache";
    @Nullable CacheLoader<K, V> loader;
    EntryPolicy<? super K, ? super V> policy = EntryPolicy.fixed(Duration.ofMinutes(10), Duration.ofDays(7));
    long maximumSize = 10_000;
    Duration retryAfterFailure = Duration.ofSeconds(30);
    @Nullable Executor executor;
    InstantSource clock = InstantSource.system();
    EdgeplaceMetrics metrics = EdgeplaceMetrics.NOOP;
    @Nullable SnapshotStore store;
    @Nullable Codec<K> keyCodec;
    @Nullable Codec<V> valueCodec;
    Duration persistDebounce = Duration.ofSeconds(1);
    @Nullable ScheduledExecutorService scheduler;

    private Builder() {
    }

    /**
     * Names the cache in logs and metrics, and its persisted state ({@code cache-<name>});
     * letters, digits, '-' and '_', up to 58 characters. Default {@code cache}.
     */
    public Builder<K, V> name(String name) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("cache name \"" + name
            + "\" must be 1 to 58 letters, digits, '-' or '_'; maybe \"image-platforms\"?");
      }
      this.name = name;
      return this;
    }

    /** What loads a value. Required. */
    public Builder<K, V> loader(CacheLoader<K, V> loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /** Per-entry refresh interval and maximum staleness. Default: refresh after 10 minutes, serve up to 7 days. */
    public Builder<K, V> policy(EntryPolicy<? super K, ? super V> policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The most entries kept; the least used are evicted beyond it. Default 10,000. */
    public Builder<K, V> maximumSize(long maximumSize) {
      if (maximumSize < 1) {
        throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
      }
      this.maximumSize = maximumSize;
      return this;
    }

    /** After a failed load of a key, how long reads wait before loading it again. Default 30 s. */
    public Builder<K, V> retryAfterFailure(Duration retryAfterFailure) {
      this.retryAfterFailure = positive("retryAfterFailure", retryAfterFailure);
      return this;
    }

    /**
     * Where loads run. Default: a pool of 4 daemon threads the cache owns and shuts down on
     * {@link StaleTolerantCache#close()}.
     */
    public Builder<K, V> executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The clock of load times, refresh and staleness. Default the system clock. */
    public Builder<K, V> clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where hits, misses, stale serves, loads and persist failures are reported. Default no-op. */
    public Builder<K, V> metrics(EdgeplaceMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /**
     * Persists the entries (value and load time) as state {@code cache-<name>} of {@code store},
     * at most once per {@link #persistDebounce}, and restores them at {@link #build()}, so a
     * restart while the loader's source is unreachable keeps them. Default: not persisted.
     */
    public Builder<K, V> persistTo(SnapshotStore store, Codec<K> keyCodec, Codec<V> valueCodec) {
      this.store = Objects.requireNonNull(store, "store");
      this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
      this.valueCodec = Objects.requireNonNull(valueCodec, "valueCodec");
      return this;
    }

    /** The least time between two saves of a persistent cache. Default 1 s. */
    public Builder<K, V> persistDebounce(Duration persistDebounce) {
      this.persistDebounce = positive("persistDebounce", persistDebounce);
      return this;
    }

    /**
     * Runs the debounced saves of a persistent cache. Default: one daemon thread the cache owns.
     */
    public Builder<K, V> scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * A new cache; a persistent one first restores its saved entries (those not older than their
     * maximum staleness).
     *
     * @throws IllegalStateException when no loader was given
     */
    public StaleTolerantCache<K, V> build() {
      if (loader == null) {
        throw new IllegalStateException("cache \"" + name + "\" has no loader; maybe .loader(key -> fetch(key))?");
      }
      return new CaffeineStaleCache<>(this);
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
