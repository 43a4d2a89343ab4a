package io.edgeplace.core.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.util.List;

/**
 * The Kubernetes objects of a snapshot file that edgeplace reads, in file order: nodes, pods (bound
 * or not), RuntimeClasses and OpenYurt NodePools. Other kinds are skipped.
 */
public record KubeObjects(List<Node> nodes, List<Pod> pods, List<RuntimeClass> runtimeClasses,
                          List<GenericKubernetesResource> nodePools) {
  public KubeObjects {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    runtimeClasses = List.copyOf(runtimeClasses);
    nodePools = List.copyOf(nodePools);
  }
}
