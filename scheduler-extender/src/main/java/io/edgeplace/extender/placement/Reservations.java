package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;

/**
 * Uplink bandwidth held for pods the scheduler is placing, until the snapshot shows them bound
 * or the hold expires. The placer's bandwidth plugins read the holds; the extender only makes
 * and drops them.
 */
public interface Reservations {

  /** Holds nothing. */
  Reservations NONE = new Reservations() {
    @Override
    public void release(Workload workload) {
    }

    @Override
    public void reserve(ClusterSnapshot snapshot, Workload workload, String node, boolean exact) {
    }

    @Override
    public int size() {
      return 0;
    }
  };

  /** Drops the hold of {@code workload}, if any: a pod being placed again does not compete with itself. */
  void release(Workload workload);

  /**
   * Holds {@code workload}'s bandwidth on {@code node} of {@code snapshot}.
   *
   * @param exact true when the pod was bound there (bind verb), false for a best guess (the
   *              best-ranked node of a prioritize call)
   */
  void reserve(ClusterSnapshot snapshot, Workload workload, String node, boolean exact);

  /** The number of live holds. */
  int size();
}
