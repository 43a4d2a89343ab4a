package io.edgeplace.simulator.policy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import java.util.Optional;

/** Placeholder until the engine lands on main. */
public final class EdgeplacePolicy implements Policy {
  public static final String NAME = "edgeplace";

  private EdgeplacePolicy() {
  }

  public static EdgeplacePolicy create() {
    return new EdgeplacePolicy();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> choose(ClusterSnapshot snapshot, Workload workload) {
    throw new UnsupportedOperationException("the edgeplace engine is not on this branch yet");
  }
}
