package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** Turns the Kubernetes objects of a request into the records placement works on (the adapters). */
public interface KubeConverter {

  /**
   * The workload of a pod being scheduled.
   *
   * @throws IllegalArgumentException when the pod has a value that cannot be read (a bad
   *                                  quantity or annotation); the message names it
   */
  Workload workload(Pod pod);

  /**
   * {@code snapshot} with {@code nodes} (from a request in Node-object mode) taking the place of
   * the snapshot's nodes of the same names, and added when new.
   *
   * @throws IllegalArgumentException when a node has a value that cannot be read
   */
  ClusterSnapshot overlay(ClusterSnapshot snapshot, List<Node> nodes);
}
