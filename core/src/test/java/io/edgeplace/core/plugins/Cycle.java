package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.Plugin;
import io.edgeplace.api.plugin.ScorePlugin;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs plugins through the SPI as an engine does, for tests: preFilter, filter per node (first
 * rejection wins), then preScore, score and normalize over the feasible nodes; sums unweighted.
 */
final class Cycle {
  final ClusterSnapshot snapshot;
  final CycleState state;
  final Map<String, FilterResult> filter = new LinkedHashMap<>();
  /** plugin name → node name → normalized score, feasible nodes only. */
  final Map<String, Map<String, Long>> scores = new LinkedHashMap<>();
  final Map<String, Long> totals = new LinkedHashMap<>();
  /** plugin name → node name → raw score before normalize. */
  final Map<String, Map<String, Long>> raw = new LinkedHashMap<>();
  private final List<Plugin> plugins;

  private Cycle(ClusterSnapshot snapshot, Workload workload, List<Plugin> plugins) {
    this.snapshot = snapshot;
    this.state = new CycleState(snapshot, workload, true);
    this.plugins = plugins;
  }

  static Cycle run(ClusterSnapshot snapshot, Workload workload, Plugin... plugins) {
    Cycle c = new Cycle(snapshot, workload, List.of(plugins));
    c.run();
    return c;
  }

  private void run() {
    FilterResult.@Nullable Rejection all = null;
    for (Plugin p : plugins) {
      if (p instanceof FilterPlugin f) {
        FilterResult r = f.preFilter(state);
        if (r instanceof FilterResult.Rejection rej && all == null) {
          all = rej;
        }
      }
    }
    int[] feasible = new int[snapshot.nodeCount()];
    int count = 0;
    for (int n = 0; n < snapshot.nodeCount(); n++) {
      FilterResult result = all != null ? all : FilterResult.pass();
      if (all == null) {
        for (Plugin p : plugins) {
          if (p instanceof FilterPlugin f) {
            FilterResult r = f.filter(state, n);
            if (!r.passed()) {
              result = r;
              break;
            }
          }
        }
      }
      filter.put(snapshot.node(n).name(), result);
      if (result.passed()) {
        feasible[count++] = n;
      }
    }
    for (int i = 0; i < count; i++) {
      totals.put(snapshot.node(feasible[i]).name(), 0L);
    }
    for (Plugin p : plugins) {
      if (p instanceof ScorePlugin sp) {
        sp.preScore(state, feasible, count);
        long[] s = new long[count];
        Map<String, Long> rawScores = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          s[i] = sp.score(state, feasible[i]);
          rawScores.put(snapshot.node(feasible[i]).name(), s[i]);
        }
        raw.put(sp.name(), rawScores);
        sp.normalize(state, feasible, s, count);
        Map<String, Long> byNode = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          if (s[i] < 0 || s[i] > 100) {
            throw new AssertionError(sp.name() + " normalized score " + s[i] + " of node "
                + snapshot.node(feasible[i]).name() + " is outside [0, 100]");
          }
          String node = snapshot.node(feasible[i]).name();
          byNode.put(node, s[i]);
          totals.merge(node, s[i], Long::sum);
        }
        scores.put(sp.name(), byNode);
      }
    }
  }

  boolean passed(String node) {
    return filter.get(node).passed();
  }

  FilterResult.Rejection rejection(String node) {
    FilterResult r = filter.get(node);
    if (r instanceof FilterResult.Rejection rej) {
      return rej;
    }
    throw new AssertionError("node " + node + " passed, expected a rejection");
  }

  long score(String plugin, String node) {
    Long s = scores.get(plugin).get(node);
    if (s == null) {
      throw new AssertionError("node " + node + " has no " + plugin + " score; it was rejected: " + filter.get(node));
    }
    return s;
  }

  /** Feasible node names, best total first, ties by name. */
  List<String> ranking() {
    List<String> names = new ArrayList<>(totals.keySet());
    names.sort(Comparator.comparing((String n) -> -totals.get(n)).thenComparing(n -> n));
    return names;
  }

  String explain(Plugin plugin, String node) {
    return plugin.explain(state, snapshot.nodeIndex(node));
  }
}
