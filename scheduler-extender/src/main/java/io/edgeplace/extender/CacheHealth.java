package io.edgeplace.extender;

import io.edgeplace.api.metrics.CacheMetrics;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.core.metrics.InMemoryMetrics;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The core's metrics as the extender needs them: every report counted in an
 * {@link InMemoryMetrics} (which {@code /metrics} exposes), plus whether saving to the
 * {@code --cache-dir} works right now: the last save failure, cleared by the next save that
 * works. Thread-safe.
 */
final class CacheHealth implements EdgeplaceMetrics {
  private final InstantSource clock;
  private final InMemoryMetrics counts = new InMemoryMetrics();
  private volatile @Nullable String failure;

  CacheHealth(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What the core reported, counted. */
  InMemoryMetrics counts() {
    return counts;
  }

  @Override
  public void freshnessChanged(Freshness freshness) {
    counts.freshnessChanged(freshness);
  }

  @Override
  public void snapshotPublished(int nodes, int pods) {
    counts.snapshotPublished(nodes, pods);
  }

  @Override
  public void persisted(String state, long generation, long bytes, Duration took) {
    counts.persisted(state, generation, bytes, took);
    failure = null;
  }

  @Override
  public void persistFailed(String state, Throwable error) {
    counts.persistFailed(state, error);
    if (failure == null) {
      failure = "saving to the cache directory fails since " + clock.instant() + " (" + error.getMessage()
          + "); serving from memory";
    }
  }

  @Override
  public void restored(String state, long generation, Duration age) {
    counts.restored(state, generation, age);
  }

  @Override
  public void loadFailed(String state, String reason) {
    counts.loadFailed(state, reason);
  }

  @Override
  public CacheMetrics cache(String name) {
    return counts.cache(name);
  }

  /** A sentence saying that saves fail, or null while they work. */
  @Nullable String failure() {
    return failure;
  }
}
