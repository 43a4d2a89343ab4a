package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.core.metrics.InMemoryMetrics;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the extender gets the cluster it places against: a snapshot file, the demo cluster, or
 * the live topology. Reads never block and never throw.
 */
public interface SnapshotSource {

  /** The newest snapshot, or null before the first one is loaded. */
  @Nullable ClusterSnapshot current();

  /** How current {@link #current()} is. */
  Freshness freshness();

  /** 1 while saving snapshots to the cache directory fails (serving goes on from memory), else 0. */
  default int cacheWriteFailing() {
    return 0;
  }

  /** The core's metrics of this source (live mode), or null when it has none. */
  default @Nullable InMemoryMetrics coreMetrics() {
    return null;
  }

  /** A source that always serves {@code snapshot}, as loaded from {@code origin} at {@code loadedAt}. */
  static SnapshotSource fixed(ClusterSnapshot snapshot, String origin, Instant loadedAt) {
    Objects.requireNonNull(snapshot, "snapshot");
    Freshness f = new Freshness("STATIC", loadedAt, snapshot.time(), "serving " + origin);
    return new SnapshotSource() {
      @Override
      public ClusterSnapshot current() {
        return snapshot;
      }

      @Override
      public Freshness freshness() {
        return f;
      }
    };
  }
}
