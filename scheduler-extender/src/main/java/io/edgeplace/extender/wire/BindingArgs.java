package io.edgeplace.extender.wire;

import java.util.Objects;

/**
 * {@code ExtenderBindingArgs}: kube-scheduler asks the extender to bind a pod to a node.
 *
 * @param podName      the pod's name
 * @param podNamespace the pod's namespace
 * @param podUid       the pod's UID; the binding is refused when it does not match
 * @param node         the node the scheduler chose
 */
public record BindingArgs(String podName, String podNamespace, String podUid, String node) {
  public BindingArgs {
    Objects.requireNonNull(podName, "podName");
    Objects.requireNonNull(podNamespace, "podNamespace");
    Objects.requireNonNull(podUid, "podUid");
    Objects.requireNonNull(node, "node");
  }
}
