package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterPlugin.Rejections;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.StateKey;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

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

  private static final StateKey<Need> NEED = StateKey.of(NAME + "/need", Need.class);
  /* Stored when the pod names no RuntimeClass: every node passes. */
  private static final Need NONE = new Need("", new boolean[0], null);

  /*
   * The handler the pod needs, which nodes offer it (from the snapshot's handler index, so the
   * per-node check is an array read), and the one rejection every other node gets.
   */
  private record Need(String handler, boolean[] offered, FilterResult.@Nullable Rejection rejection) {
  }

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
      state.put(NEED, NONE);
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
    boolean[] offered = new boolean[state.snapshot().nodeCount()];
    for (int n : state.snapshot().nodesWithRuntimeHandler(handler)) {
      offered[n] = true;
    }
    state.put(NEED, new Need(handler, offered, FilterResult.unresolvable(NAME, REASON_HANDLER_MISSING, "runtime handler \""
        + handler + "\" of RuntimeClass \"" + runtimeClass + "\" is not among the node's "
        + WellKnownKeys.RUNTIME_HANDLERS)));
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    Need need = state.get(NEED);
    if (need == NONE) {
      return FilterResult.pass();
    }
    if (need.offered()[node]) {
      return FilterResult.pass();
    }
    return Objects.requireNonNull(need.rejection());
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    Need need = state.get(NEED);
    if (need == NONE) {
      return;
    }
    boolean[] offered = need.offered();
    FilterResult rejection = Objects.requireNonNull(need.rejection());
    for (int k = from; k < to; k++) {
      if (!offered[nodes[k]]) {
        rejections.reject(k, rejection);
      }
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    Need need = state.find(NEED);
    if (need == null || need == NONE) {
      return "";
    }
    Node n = state.snapshot().node(node);
    return "RuntimeClass \"" + state.workload().runtimeClassName() + "\" needs handler \"" + need.handler()
        + "\"; node \"" + n.name() + "\" offers " + new TreeSet<>(n.runtimeHandlers());
  }
}
