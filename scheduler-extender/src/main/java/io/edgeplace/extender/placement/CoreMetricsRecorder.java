package io.edgeplace.extender.placement;

import io.edgeplace.api.metrics.CacheMetrics;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.topology.Freshness;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The core's metrics SPI ({@link EdgeplaceMetrics}) as plain counters, which
 * {@link ExtenderMetrics#core} exposes on {@code /metrics}: snapshot publications, saves and save
 * failures with the last saved generation, restores, load failures, and per cache hits, misses,
 * stale serves, loads and load failures. Thread-safe and cheap: each call is one atomic add.
 */
public class CoreMetricsRecorder implements EdgeplaceMetrics {
  final LongAdder publications = new LongAdder();
  final LongAdder saves = new LongAdder();
  final LongAdder saveFailures = new LongAdder();
  final AtomicLong savedGeneration = new AtomicLong(-1);
  final AtomicLong restoredGeneration = new AtomicLong(-1);
  final LongAdder loadFailures = new LongAdder();
  final Map<String, CacheCounters> caches = new ConcurrentHashMap<>();

  @Override
  public void freshnessChanged(Freshness freshness) {
  }

  @Override
  public void snapshotPublished(int nodes, int pods) {
    publications.increment();
  }

  @Override
  public void persisted(String state, long generation, long bytes, Duration took) {
    saves.increment();
    savedGeneration.set(generation);
  }

  @Override
  public void persistFailed(String state, Throwable error) {
    saveFailures.increment();
  }

  @Override
  public void restored(String state, long generation, Duration age) {
    restoredGeneration.set(generation);
  }

  @Override
  public void loadFailed(String state, String reason) {
    loadFailures.increment();
  }

  @Override
  public CacheMetrics cache(String name) {
    return caches.computeIfAbsent(name, n -> new CacheCounters());
  }

  /** One cache's counters. */
  static final class CacheCounters implements CacheMetrics {
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder staleServes = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadFailures = new LongAdder();

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
      staleServes.increment();
    }

    @Override
    public void loadSuccess(Duration took) {
      loads.increment();
    }

    @Override
    public void loadFailure(Duration took, Throwable error) {
      loadFailures.increment();
    }
  }
}
