package io.edgeplace.simulator.policy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * edgeplace as it is deployed: kube-scheduler's own filters first (the node must be schedulable,
 * its NoSchedule/NoExecute taints tolerated, the pod's node selector and required affinity met
 * and its requests fit, exactly as in {@link KubeDefaultPolicy}), then the edgeplace
 * {@link PlacementEngine} filters and ranks those nodes, and its best node wins. This is what
 * kube-scheduler with the edgeplace extender does when the extender is the only scorer, and
 * what an embedding controller that places pods itself must do too: edgeplace does not check
 * CPU or memory. Unlike {@link KubeDefaultPolicy}, every node is considered (set
 * {@code percentageOfNodesToScore: 100} when running the extender on a large cluster).
 *
 * <p>The engine is {@link DefaultPlugins} as shipped, with its plugins and weights, so the
 * simulator measures what users get; {@link #of} takes any other engine (such as
 * {@code DefaultPlugins.builder().weight(UplinkBandwidthPlugin.NAME, 20).build()}) to compare
 * weights. Ties between equally good nodes are broken by the engine's own deterministic hash, so
 * the seed does not affect this policy.
 */
public final class EdgeplacePolicy implements Policy {
  public static final String NAME = "edgeplace";

  private final PlacementEngine engine;

  private EdgeplacePolicy(PlacementEngine engine) {
    this.engine = engine;
  }

  /** The engine with {@link DefaultPlugins}' plugins and weights. */
  public static EdgeplacePolicy create() {
    return new EdgeplacePolicy(DefaultPlugins.builder().build());
  }

  /** A policy around a given engine, to compare plugin sets or weights. */
  public static EdgeplacePolicy of(PlacementEngine engine) {
    return new EdgeplacePolicy(Objects.requireNonNull(engine, "engine"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> choose(ClusterSnapshot snapshot, Workload workload) {
    int n = snapshot.nodeCount();
    List<String> feasible = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (KubeDefaultPolicy.passesFilters(snapshot, workload, i)) {
        feasible.add(snapshot.node(i).name());
      }
    }
    if (feasible.isEmpty()) {
      return Optional.empty();
    }
    PlacementResult result = feasible.size() == n ? engine.place(snapshot, workload)
        : engine.place(snapshot, workload, feasible);
    return result.best().map(NodeVerdict::node);
  }
}
