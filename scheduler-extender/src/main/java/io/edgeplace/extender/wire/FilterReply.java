package io.edgeplace.extender.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code ExtenderFilterResult}: the candidates that passed (by name or as the request's Node
 * objects, as they came), and the failed ones with messages.
 *
 * @param nodeNames                  the names that passed, in request order; null in Node-object mode
 * @param nodes                      the Node objects that passed, echoed raw; null in name mode
 * @param failedNodes                rejected for a reason that may go away, name to message
 * @param failedAndUnresolvableNodes rejected for a reason waiting cannot fix, name to message
 * @param error                      an error for the whole request, or empty
 */
public record FilterReply(@Nullable List<String> nodeNames, @Nullable List<ExtenderArgs.NodeItem> nodes,
                          Map<String, String> failedNodes, Map<String, String> failedAndUnresolvableNodes,
                          String error) {
  public FilterReply {
    Objects.requireNonNull(failedNodes, "failedNodes");
    Objects.requireNonNull(failedAndUnresolvableNodes, "failedAndUnresolvableNodes");
    Objects.requireNonNull(error, "error");
  }

  /** A reply that fails the whole request with {@code error} (HTTP 200; kube-scheduler reads the Error). */
  public static FilterReply error(String error) {
    return new FilterReply(null, null, new LinkedHashMap<>(), new LinkedHashMap<>(), error);
  }
}
