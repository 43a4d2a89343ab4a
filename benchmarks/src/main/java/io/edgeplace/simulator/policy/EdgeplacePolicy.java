package io.edgeplace.simulator.policy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.SandboxRuntimePlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UplinkBandwidthPlugin;
import io.edgeplace.api.plugin.Plugin;
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
 * <p>The engine is built from {@link DefaultPlugins} (unit affinity, architecture ×{@value
 * DefaultPlugins#ARCHITECTURE_WEIGHT}, unit spread ×{@value DefaultPlugins#UNIT_SPREAD_WEIGHT}) plus
 * the network plugins that {@code DefaultPlugins} does not hold yet, with the weights below:
 * unit connectivity ×{@value #CONNECTIVITY_WEIGHT}, uplink bandwidth ×{@value #UPLINK_WEIGHT},
 * traffic locality ×{@value #TRAFFIC_WEIGHT}, image pull cost ×{@value #PULL_COST_WEIGHT}, and the
 * sandbox runtime filter. A plugin {@code DefaultPlugins} already holds keeps its default weight.
 *
 * <p>Why uplink headroom weighs {@value #UPLINK_WEIGHT}: placement is greedy. With a light
 * headroom weight, image pull cost and traffic locality gather the apps that talk to each other
 * into the units with the fattest uplinks until those are full; every later peer of theirs is then
 * rejected everywhere, because placing it in another unit would put its peer traffic on the full
 * uplink too. On {@code scenarios/realistic.yaml} a weight of 3 left 492 of 1,000 pods pending,
 * 10 left 142, 20 placed them all with a third of the baseline's WAN traffic.
 * Ties between equally good nodes are broken by the engine's own deterministic hash, so the seed
 * does not affect this policy.
 */
public final class EdgeplacePolicy implements Policy {
  public static final String NAME = "edgeplace";

  /** The weight of unit connectivity when {@link DefaultPlugins} does not set one. */
  public static final int CONNECTIVITY_WEIGHT = 5;
  /** The weight of uplink bandwidth headroom when {@link DefaultPlugins} does not set one. */
  public static final int UPLINK_WEIGHT = 20;
  /** The weight of traffic locality when {@link DefaultPlugins} does not set one. */
  public static final int TRAFFIC_WEIGHT = 10;
  /** The weight of image pull cost when {@link DefaultPlugins} does not set one. */
  public static final int PULL_COST_WEIGHT = 3;

  private final PlacementEngine engine;

  private EdgeplacePolicy(PlacementEngine engine) {
    this.engine = engine;
  }

  /** The engine with every built-in plugin. */
  public static EdgeplacePolicy create() {
    return new EdgeplacePolicy(engineBuilder().build());
  }

  /** A builder with {@link DefaultPlugins} and every built-in plugin it lacks, to tune before building. */
  public static PlacementEngine.Builder engineBuilder() {
    PlacementEngine defaults = DefaultPlugins.builder().build();
    List<String> present = new ArrayList<>(defaults.filterPlugins());
    present.addAll(defaults.scoreWeights().keySet());
    PlacementEngine.Builder b = DefaultPlugins.builder();
    addIfMissing(b, present, UnitConnectivityPlugin.create(), CONNECTIVITY_WEIGHT);
    addIfMissing(b, present, UplinkBandwidthPlugin.create(), UPLINK_WEIGHT);
    addIfMissing(b, present, TrafficLocalityPlugin.create(), TRAFFIC_WEIGHT);
    addIfMissing(b, present, ImagePullCostPlugin.create(), PULL_COST_WEIGHT);
    addIfMissing(b, present, SandboxRuntimePlugin.create(), 1);
    return b;
  }

  private static void addIfMissing(PlacementEngine.Builder b, List<String> present, Plugin plugin, int weight) {
    if (!present.contains(plugin.name())) {
      b.plugin(plugin, weight);
    }
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
