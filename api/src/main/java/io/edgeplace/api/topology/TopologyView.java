package io.edgeplace.api.topology;

import io.edgeplace.api.ClusterSnapshot;
import java.util.Objects;

/**
 * One published state of a {@link TopologySource}: an immutable snapshot and how fresh it is.
 *
 * @param snapshot  the cluster as last known
 * @param freshness how far it can be trusted
 * @param version   increases by one with every publication of this source (a change of
 *                  snapshot or of freshness), so readers can tell two views apart cheaply
 */
public record TopologyView(ClusterSnapshot snapshot, Freshness freshness, long version) {
  public TopologyView {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(freshness, "freshness");
  }
}
