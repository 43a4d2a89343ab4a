package io.edgeplace.simulator.policy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import java.util.Optional;

/**
 * Decides where one pod goes. The simulator calls {@link #choose} once per arriving pod, in
 * arrival order, with a snapshot that already holds every earlier decision; a policy may keep
 * state between calls (a tie-break random stream, a round-robin start index), so one instance
 * serves one simulation run, on one thread.
 */
public interface Policy {

  /** A short name for reports, such as {@code edgeplace} or {@code kube-default}. */
  String name();

  /** The node to place {@code workload} on, or empty when no node is feasible (the pod stays pending). */
  Optional<String> choose(ClusterSnapshot snapshot, Workload workload);
}
