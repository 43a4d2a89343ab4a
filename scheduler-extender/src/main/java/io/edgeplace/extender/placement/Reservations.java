package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;

/**
 * Uplink bandwidth held for pods the scheduler is placing, until the snapshot shows them bound
 * or the hold expires.
 */
public interface Reservations {

  /** Holds nothing. */
  Reservations NONE = new Reservations() {
    @Override
    public ClusterSnapshot apply(ClusterSnapshot snapshot, String exceptPodKey) {
      return snapshot;
    }

    @Override
    public void reserve(Workload workload, String node, boolean exact) {
    }

    @Override
    public int size() {
      return 0;
    }
  };

  /**
   * {@code snapshot} with every live hold added as a placed pod, except the hold of pod
   * {@code exceptPodKey} ({@code namespace/name}: the pod being placed does not compete with itself).
   */
  ClusterSnapshot apply(ClusterSnapshot snapshot, String exceptPodKey);

  /**
   * Holds {@code workload}'s bandwidth on {@code node}.
   *
   * @param exact true when the pod was bound there (bind verb), false for a best guess (the
   *              best-ranked node of a prioritize call)
   */
  void reserve(Workload workload, String node, boolean exact);

  /** The number of live holds. */
  int size();
}
