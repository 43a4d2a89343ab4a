package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.topology.TopologySource;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.metrics.InMemoryMetrics;
import io.edgeplace.extender.placement.Freshness;
import io.edgeplace.extender.placement.SnapshotSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The live topology (informers, persisted to the cache directory) as a {@link SnapshotSource}:
 * serving while {@code LIVE}, {@code STALE} or {@code RESTORED}, not ready while
 * {@code UNAVAILABLE} (nothing known yet).
 */
final class TopologySnapshotSource implements SnapshotSource {
  private final TopologySource topology;
  private final String origin;

  private final @Nullable CacheHealth cache;

  TopologySnapshotSource(TopologySource topology, String origin) {
    this(topology, origin, null);
  }

  TopologySnapshotSource(TopologySource topology, String origin, @Nullable CacheHealth cache) {
    this.topology = Objects.requireNonNull(topology, "topology");
    this.origin = Objects.requireNonNull(origin, "origin");
    this.cache = cache;
  }

  @Override
  public @Nullable InMemoryMetrics coreMetrics() {
    return cache == null ? null : cache.counts();
  }

  @Override
  public int cacheWriteFailing() {
    return cache != null && cache.failure() != null ? 1 : 0;
  }

  @Override
  public @Nullable ClusterSnapshot current() {
    TopologyView v = topology.current();
    return v.freshness().kind() == io.edgeplace.api.topology.Freshness.Kind.UNAVAILABLE ? null : v.snapshot();
  }

  @Override
  public Freshness freshness() {
    TopologyView v = topology.current();
    io.edgeplace.api.topology.Freshness f = v.freshness();
    String detail = switch (f.kind()) {
      case LIVE -> "watching " + origin;
      case STALE -> "the watch of " + origin + " broke; serving what was known then";
      case RESTORED -> "restored generation " + ((io.edgeplace.api.topology.Freshness.Restored) f).generation()
          + " from the cache directory; " + origin + " not reached yet";
      case UNAVAILABLE -> origin + " not reached yet and nothing to restore";
    };
    String cacheFailure = cache == null ? null : cache.failure();
    if (cacheFailure != null) {
      detail = detail + "; " + cacheFailure;
    }
    boolean unavailable = f.kind() == io.edgeplace.api.topology.Freshness.Kind.UNAVAILABLE;
    return new Freshness(unavailable ? "LOADING" : f.kind().name(), f.since(),
        unavailable ? null : v.snapshot().time(), detail);
  }
}
