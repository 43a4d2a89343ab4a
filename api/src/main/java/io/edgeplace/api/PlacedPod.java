package io.edgeplace.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pod already bound to a node (or reserved on it): what placement needs to know of it.
 *
 * @param namespace             the pod namespace
 * @param name                  the pod name
 * @param nodeName              the node it is bound or reserved on
 * @param labels                pod labels (traffic peers and unit spread select on them)
 * @param owner                 its controller, or null
 * @param requests              the pod's effective resource requests
 * @param ingressBitsPerSecond  {@code kubernetes.io/ingress-bandwidth}, 0 if absent
 * @param egressBitsPerSecond   {@code kubernetes.io/egress-bandwidth}, 0 if absent
 * @param trafficPeers          {@code edgeplace.io/traffic-peers}
 */
public record PlacedPod(
    String namespace,
    String name,
    String nodeName,
    Map<String, String> labels,
    @Nullable OwnerRef owner,
    Resources requests,
    long ingressBitsPerSecond,
    long egressBitsPerSecond,
    List<TrafficPeer> trafficPeers) {

  public PlacedPod {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(requests, "requests");
    labels = Map.copyOf(labels);
    trafficPeers = List.copyOf(trafficPeers);
    if (ingressBitsPerSecond < 0 || egressBitsPerSecond < 0) {
      throw new IllegalArgumentException("pod " + namespace + "/" + name + " has negative bandwidth: ingress="
          + ingressBitsPerSecond + " egress=" + egressBitsPerSecond);
    }
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** The pod as placed on {@code node}: a workload decided onto a node. */
  public static PlacedPod of(Workload workload, String node) {
    return new PlacedPod(workload.namespace(), workload.name(), node, workload.labels(), workload.owner(),
        workload.requests(), workload.ingressBitsPerSecond(), workload.egressBitsPerSecond(),
        workload.trafficPeers());
  }
}
