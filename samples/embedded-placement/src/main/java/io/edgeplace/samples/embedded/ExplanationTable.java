package io.edgeplace.samples.embedded;

import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.PluginScore;
import io.edgeplace.api.plugin.FilterResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Formats a {@link PlacementResult} as a plain-text table: one row per node (rank, node, unit,
 * verdict, total), feasible nodes best first, then rejected ones; under a feasible node one line
 * per plugin with its score ({@code score xweight = weighted}) and its note, under a rejected node
 * the rejecting plugin's reason.
 *
 * <pre>
 * RANK  NODE             UNIT     VERDICT                                   TOTAL
 * 1     factory-arm64-1  factory  feasible                                   1500
 *         architecture   100 x10 = 1000  image "…" runs natively on linux/arm64/v8
 *         unit-spread    100 x5  =  500  …
 * -     factory-x86-1    factory  rejected: ArchitectureMismatch (architecture)
 *         architecture   rejects         node platform linux/amd64 is not among …
 * </pre>
 *
 * Notes are there when the result came from {@code PlacementEngine.explain}; {@code place}
 * leaves them out.
 */
public final class ExplanationTable {

  private ExplanationTable() {
  }

  /** The table for {@code result}, ending with a line break. */
  public static String format(PlacementResult result) {
    List<NodeVerdict> verdicts = result.verdicts();
    StringBuilder out = new StringBuilder();
    out.append("placement of ").append(result.workload().key()).append(": ").append(result.feasibleCount())
        .append(" of ").append(result.candidateCount()).append(" nodes feasible")
        .append(result.best().map(b -> ", best " + b.node()).orElse(", none feasible")).append('\n').append('\n');

    int nodeWidth = "NODE".length();
    int unitWidth = "UNIT".length();
    int pluginWidth = 0;
    for (NodeVerdict v : verdicts) {
      nodeWidth = Math.max(nodeWidth, v.node().length());
      unitWidth = Math.max(unitWidth, v.unit().length());
      for (String plugin : pluginLines(v).keySet()) {
        pluginWidth = Math.max(pluginWidth, plugin.length());
      }
    }
    String row = "%-5s %-" + nodeWidth + "s  %-" + unitWidth + "s  %-44s %6s";
    String pluginRow = "        %-" + pluginWidth + "s  %-16s%s";
    out.append(String.format(row, "RANK", "NODE", "UNIT", "VERDICT", "TOTAL")).append('\n');
    for (NodeVerdict v : verdicts) {
      String rank = v.feasible() ? Integer.toString(v.rank()) : "-";
      String verdict = v.rejection()
          .map(r -> "rejected: " + r.reason() + " (" + r.plugin() + ")")
          .orElse("feasible");
      out.append(String.format(row, rank, v.node(), v.unit(), verdict, v.feasible() ? Long.toString(v.total()) : "")
          .stripTrailing()).append('\n');
      pluginLines(v).forEach((plugin, line) ->
          out.append(String.format(pluginRow, plugin, line[0], line[1].isEmpty() ? "" : line[1]).stripTrailing())
              .append('\n'));
    }
    return out.toString();
  }

  /*
   * Per plugin that has something to show on this node: {score column, note}. A feasible node:
   * the score plugins in pipeline order, then the other plugins' notes. A rejected node: the
   * rejecting filter only (the other plugins' notes are in result.verdicts() for who wants them).
   */
  private static Map<String, String[]> pluginLines(NodeVerdict v) {
    Map<String, String[]> lines = new LinkedHashMap<>();
    if (v.filter() instanceof FilterResult.Rejection r) {
      String note = v.notes().getOrDefault(r.plugin(), "");
      lines.put(r.plugin(), new String[] {"rejects", note.isEmpty() ? r.message() : note});
      return lines;
    }
    for (PluginScore s : v.scores()) {
      String score = String.format("%3d x%-3d= %4d", s.score(), s.weight(), s.weighted());
      lines.put(s.plugin(), new String[] {score, v.notes().getOrDefault(s.plugin(), "")});
    }
    List<String> others = new ArrayList<>(v.notes().keySet());
    others.sort(null);
    for (String plugin : others) {
      lines.putIfAbsent(plugin, new String[] {"", v.notes().get(plugin)});
    }
    return lines;
  }
}
