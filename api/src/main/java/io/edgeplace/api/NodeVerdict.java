package io.edgeplace.api;

import io.edgeplace.api.plugin.FilterResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What placement decided about one node, with every plugin's part in it.
 *
 * @param node   the node name
 * @param unit   its unit
 * @param filter {@link FilterResult#pass()} or the first rejection
 * @param rank   1 for the best feasible node, 2 for the next …; 0 for a rejected node
 * @param total  the weighted sum of the scores; 0 for a rejected node
 * @param scores each score plugin's contribution, in plugin order; empty for a rejected node
 * @param notes  plugin name to explanation, for the plugins that had something to say; empty
 *               unless the placement was asked to explain
 */
public record NodeVerdict(String node, String unit, FilterResult filter, int rank, long total,
                          List<PluginScore> scores, Map<String, String> notes) {
  public NodeVerdict {
    scores = List.copyOf(scores);
    notes = Map.copyOf(notes);
  }

  public boolean feasible() {
    return filter.passed();
  }

  public Optional<FilterResult.Rejection> rejection() {
    return filter instanceof FilterResult.Rejection r ? Optional.of(r) : Optional.empty();
  }
}
