package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Ranks candidate nodes for a workload: the engine, seen from the extender. */
public interface Placer {

  /**
   * Filters and scores the named candidates; names not in {@code snapshot} are ignored, a name
   * given twice counts once.
   *
   * @param explain whether plugins should add notes for people
   */
  PlacementResult place(ClusterSnapshot snapshot, Workload workload, Collection<String> candidates, boolean explain);

  /**
   * Filters and scores the nodes with these indices into {@code snapshot} (each once, ascending):
   * the same answer as {@link #place} with their names. The default passes their names.
   */
  default PlacementResult placeNodes(ClusterSnapshot snapshot, Workload workload, int[] nodes, boolean explain) {
    List<String> names = new ArrayList<>(nodes.length);
    for (int node : nodes) {
      names.add(snapshot.node(node).name());
    }
    return place(snapshot, workload, names, explain);
  }

  /**
   * The total a node would get if it scored 100 in every score plugin: the upper end of
   * {@link PlacementResult#total(String)}, used to rescale totals to kube-scheduler's 0–10.
   */
  long maxTotal();
}
