package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.extender.placement.Placer;
import java.util.Collection;
import java.util.Objects;

/** The core's {@link PlacementEngine} as the extender's {@link Placer}. */
final class EnginePlacer implements Placer {
  private final PlacementEngine engine;
  private final long maxTotal;

  EnginePlacer(PlacementEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    long sum = 0;
    for (int w : engine.scoreWeights().values()) {
      sum += w;
    }
    this.maxTotal = 100 * sum;
  }

  @Override
  public PlacementResult place(ClusterSnapshot snapshot, Workload workload, Collection<String> candidates,
                               boolean explain) {
    return explain ? engine.explain(snapshot, workload, candidates) : engine.place(snapshot, workload, candidates);
  }

  @Override
  public PlacementResult placeNodes(ClusterSnapshot snapshot, Workload workload, int[] nodes, boolean explain) {
    return explain ? engine.explain(snapshot, workload, nodes) : engine.place(snapshot, workload, nodes);
  }

  @Override
  public long maxTotal() {
    return maxTotal;
  }
}
