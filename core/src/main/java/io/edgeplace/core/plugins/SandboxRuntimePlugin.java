package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.StateKey;
import java.util.Map;
import java.util.TreeSet;

/**
 * Sandbox runtime (filter): a pod with {@code spec.runtimeClassName} lands only on nodes whose
 * runtime handlers ({@code edgeplace.io/runtime-handlers}) include the class's handler. This is
 * how pods meant for secure sandboxes (Kata Containers, gVisor) stay on the nodes that can run
 * them.
 *
 * <p>The handler comes from the cluster's RuntimeClass objects in the snapshot
 * ({@link ClusterSnapshot#runtimeClassHandlers()}), else from the configured map (for snapshots
 * taken without RuntimeClasses). A RuntimeClass found in neither rejects every node in
 * {@code preFilter}. Rejections are {@link FilterResult.Code#UNSCHEDULABLE_AND_UNRESOLVABLE}:
 * waiting does not install a runtime.
 */
public final class SandboxRuntimePlugin implements FilterPlugin {

  public static final String NAME = "sandbox-runtime";
  /** The node does not offer the handler of the pod's RuntimeClass. */
  public static final String REASON_HANDLER_MISSING = "RuntimeHandlerMissing";
  /** The pod names a RuntimeClass that neither the cluster nor the configuration knows. */
  public static final String REASON_CLASS_NOT_FOUND = "RuntimeClassNotFound";

  private static final StateKey<String> HANDLER = StateKey.of(NAME + "/handler", String.class);
  /* Stored when the pod names no RuntimeClass: every node passes. */
  private static final String NONE = new String("");

  private static final SandboxRuntimePlugin DEFAULT = new SandboxRuntimePlugin(Map.of());

  private final Map<String, String> configured;

  private SandboxRuntimePlugin(Map<String, String> configured) {
    this.configured = configured;
  }

  /** Handlers from the snapshot's RuntimeClasses only. */
  public static SandboxRuntimePlugin create() {
    return DEFAULT;
  }

  /**
   * Handlers from the snapshot's RuntimeClasses, else from {@code runtimeClassToHandler}.
   *
   * @throws IllegalArgumentException naming an empty class or handler name
   */
  public static SandboxRuntimePlugin create(Map<String, String> runtimeClassToHandler) {
    for (Map.Entry<String, String> e : runtimeClassToHandler.entrySet()) {
      if (e.getKey().isBlank() || e.getValue().isBlank()) {
        throw new IllegalArgumentException("runtime class mapping \"" + e.getKey() + "\" -> \"" + e.getValue()
            + "\" has an empty name; maybe \"kata\" -> \"kata-qemu\"?");
      }
    }
    return new SandboxRuntimePlugin(Map.copyOf(runtimeClassToHandler));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult preFilter(CycleState state) {
    String runtimeClass = state.workload().runtimeClassName();
    if (runtimeClass == null || runtimeClass.isEmpty()) {
      state.put(HANDLER, NONE);
      return FilterResult.pass();
    }
    String handler = state.snapshot().runtimeClassHandlers().get(runtimeClass);
    if (handler == null) {
      handler = configured.get(runtimeClass);
    }
    if (handler == null) {
      TreeSet<String> known = new TreeSet<>(state.snapshot().runtimeClassHandlers().keySet());
      known.addAll(configured.keySet());
      return FilterResult.unresolvable(NAME, REASON_CLASS_NOT_FOUND, "RuntimeClass \"" + runtimeClass
          + "\" of pod " + state.workload().key() + " is not among the cluster's or the configured RuntimeClasses "
          + known + "; maybe create the RuntimeClass, or fix spec.runtimeClassName?");
    }
    state.put(HANDLER, handler);
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    String handler = state.get(HANDLER);
    if (handler == NONE) {
      return FilterResult.pass();
    }
    /* A set lookup per node, only for the rare pods that name a RuntimeClass. */
    Node n = state.snapshot().node(node);
    if (n.runtimeHandlers().contains(handler)) {
      return FilterResult.pass();
    }
    return FilterResult.unresolvable(NAME, REASON_HANDLER_MISSING, "node \"" + n.name() + "\" does not offer runtime "
        + "handler \"" + handler + "\" of RuntimeClass \"" + state.workload().runtimeClassName() + "\"; its "
        + WellKnownKeys.RUNTIME_HANDLERS + " are " + new TreeSet<>(n.runtimeHandlers()));
  }

  @Override
  public String explain(CycleState state, int node) {
    String handler = state.find(HANDLER);
    if (handler == null || handler == NONE) {
      return "";
    }
    return "RuntimeClass \"" + state.workload().runtimeClassName() + "\" needs handler \"" + handler + "\"";
  }
}
