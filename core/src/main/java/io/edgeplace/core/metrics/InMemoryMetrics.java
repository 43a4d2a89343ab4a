package io.edgeplace.core.metrics;

import io.edgeplace.api.metrics.CacheMetrics;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.topology.Freshness;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EdgeplaceMetrics} that keeps what it is told in memory: the current freshness, the
 * last persisted and restored generations, counts of persists and of persist and load failures,
 * the last failure message, and per cache the hits, misses, stale serves, loads and evictions.
 * Thread-safe and cheap (adders and atomics); read it with the accessors.
 */
public final class InMemoryMetrics implements EdgeplaceMetrics {

  private final AtomicReference<@Nullable Freshness> freshness = new AtomicReference<>();
  private final LongAdder published = new LongAdder();
  private final LongAdder persisted = new LongAdder();
  private final AtomicLong lastPersistedGeneration = new AtomicLong();
  private final LongAdder persistFailures = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final AtomicLong restoredGeneration = new AtomicLong();
  private final AtomicReference<String> lastFailure = new AtomicReference<>("");
  private final ConcurrentHashMap<String, Counters> caches = new ConcurrentHashMap<>();

  /** Counts of one cache, at the moment {@link #cache(String)} snapshot was taken. */
  public record CacheCounts(long hits, long misses, long staleServes, long loadSuccesses, long loadFailures,
                            long evictions) {
  }

  private static final class Counters implements CacheMetrics {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder failures = new LongAdder();
    final LongAdder evictions = new LongAdder();

    @Override
    public void hit() {
      hits.increment();
    }

    @Override
    public void miss() {
      misses.increment();
    }

    @Override
    public void staleServe() {
      stale.increment();
    }

    @Override
    public void loadSuccess(Duration took) {
      loads.increment();
    }

    @Override
    public void loadFailure(Duration took, Throwable error) {
      failures.increment();
    }

    @Override
    public void eviction() {
      evictions.increment();
    }

    CacheCounts counts() {
      return new CacheCounts(hits.sum(), misses.sum(), stale.sum(), loads.sum(), failures.sum(), evictions.sum());
    }
  }

  @Override
  public void freshnessChanged(Freshness f) {
    freshness.set(f);
  }

  @Override
  public void snapshotPublished(int nodes, int pods) {
    published.increment();
  }

  @Override
  public void persisted(String state, long generation, long bytes, Duration took) {
    persisted.increment();
    lastPersistedGeneration.set(generation);
  }

  @Override
  public void persistFailed(String state, Throwable error) {
    persistFailures.increment();
    lastFailure.set(state + ": " + error.getMessage());
  }

  @Override
  public void restored(String state, long generation, Duration age) {
    restoredGeneration.set(generation);
  }

  @Override
  public void loadFailed(String state, String reason) {
    loadFailures.increment();
    lastFailure.set(state + ": " + reason);
  }

  @Override
  public CacheMetrics cache(String name) {
    return caches.computeIfAbsent(name, n -> new Counters());
  }

  /** The last freshness reported, empty before the first. */
  public Optional<Freshness> freshness() {
    return Optional.ofNullable(freshness.get());
  }

  public long snapshotsPublished() {
    return published.sum();
  }

  public long persists() {
    return persisted.sum();
  }

  /** The generation of the last successful save of any state, 0 before the first. */
  public long lastPersistedGeneration() {
    return lastPersistedGeneration.get();
  }

  public long persistFailures() {
    return persistFailures.sum();
  }

  public long loadFailures() {
    return loadFailures.sum();
  }

  /** The generation last restored from disk, 0 if none. */
  public long restoredGeneration() {
    return restoredGeneration.get();
  }

  /** The message of the last persist or load failure, empty if none. */
  public String lastFailure() {
    return lastFailure.get();
  }

  /** The counts of every cache that asked for its metrics, by name. */
  public Map<String, CacheCounts> caches() {
    Map<String, CacheCounts> out = new TreeMap<>();
    caches.forEach((name, c) -> out.put(name, c.counts()));
    return out;
  }
}
