package io.edgeplace.api;

import io.edgeplace.api.plugin.FilterResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ranking of the candidate nodes for one workload, keeping every plugin's contribution per
 * node so that any decision can be explained.
 *
 * <p>It is stored by column (arrays indexed by candidate position) and turns into
 * {@link NodeVerdict} records only when asked, so that ranking 10,000 nodes allocates a handful
 * of arrays rather than tens of thousands of objects.
 */
public final class PlacementResult {
  private final ClusterSnapshot snapshot;
  private final Workload workload;
  private final int[] candidates;
  private final FilterResult[] filter;
  private final String[] scorePlugins;
  private final int[] weights;
  private final int[][] scores;
  private final long[] totals;
  private final int[] ranking;
  private final String[] notePlugins;
  private final String @Nullable [][] notes;
  private @Nullable Map<String, Integer> positionByName;

  /**
   * For engines: the columns of a result. Arrays are taken over, not copied.
   *
   * @param candidates   node indices (into {@code snapshot}) that were considered
   * @param filter       per candidate position, the filter outcome
   * @param scorePlugins score plugin names, in order
   * @param weights      per score plugin, its weight
   * @param scores       {@code [plugin][candidate position]}: normalized score, 0 for rejected
   * @param totals       per candidate position, the weighted sum; 0 for rejected
   * @param ranking      candidate positions of the feasible nodes, best first
   * @param notePlugins  names of the plugins {@code notes} has a row for
   * @param notes        {@code [plugin][candidate position]} explanations (null entries for none),
   *                     or null when not explaining
   */
  public PlacementResult(ClusterSnapshot snapshot, Workload workload, int[] candidates, FilterResult[] filter,
                         String[] scorePlugins, int[] weights, int[][] scores, long[] totals, int[] ranking,
                         String[] notePlugins, String @Nullable [][] notes) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.workload = Objects.requireNonNull(workload, "workload");
    this.candidates = candidates;
    this.filter = filter;
    this.scorePlugins = scorePlugins;
    this.weights = weights;
    this.scores = scores;
    this.totals = totals;
    this.ranking = ranking;
    this.notePlugins = notePlugins;
    this.notes = notes;
    if (filter.length != candidates.length || totals.length != candidates.length
        || weights.length != scorePlugins.length || scores.length != scorePlugins.length) {
      throw new IllegalArgumentException("placement result columns differ in length");
    }
  }

  public Workload workload() {
    return workload;
  }

  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  /** Names of the score plugins, in the order of {@link NodeVerdict#scores()}. */
  public List<String> scorePlugins() {
    return List.of(scorePlugins);
  }

  public int candidateCount() {
    return candidates.length;
  }

  public int feasibleCount() {
    return ranking.length;
  }

  /** The names of the feasible nodes, best first. */
  public List<String> feasibleNodes() {
    List<String> names = new ArrayList<>(ranking.length);
    for (int pos : ranking) {
      names.add(snapshot.node(candidates[pos]).name());
    }
    return names;
  }

  /** The best feasible node, if any. */
  public Optional<NodeVerdict> best() {
    return ranking.length == 0 ? Optional.empty() : Optional.of(verdictAt(ranking[0], 1));
  }

  /** The verdict on the named node, if it was a candidate. */
  public Optional<NodeVerdict> verdict(String node) {
    Integer pos = positions().get(node);
    return pos == null ? Optional.empty() : Optional.of(verdictAt(pos, rankOf(pos)));
  }

  /** The total score of the named node, or -1 if it was rejected or not a candidate. */
  public long total(String node) {
    Integer pos = positions().get(node);
    return pos == null || !filter[pos].passed() ? -1 : totals[pos];
  }

  /** The filter outcome for the named node, or null if it was not a candidate. */
  public @Nullable FilterResult filterResult(String node) {
    Integer pos = positions().get(node);
    return pos == null ? null : filter[pos];
  }

  /** Every candidate's verdict: feasible nodes best first, then rejected nodes by name. */
  public List<NodeVerdict> verdicts() {
    List<NodeVerdict> all = new ArrayList<>(candidates.length);
    for (int r = 0; r < ranking.length; r++) {
      all.add(verdictAt(ranking[r], r + 1));
    }
    for (int pos = 0; pos < candidates.length; pos++) {
      if (!filter[pos].passed()) {
        all.add(verdictAt(pos, 0));
      }
    }
    return all;
  }

  /** The rejected candidates' names with their rejections, by node name. */
  public Map<String, FilterResult.Rejection> rejections() {
    Map<String, FilterResult.Rejection> out = new LinkedHashMap<>();
    for (int pos = 0; pos < candidates.length; pos++) {
      if (filter[pos] instanceof FilterResult.Rejection r) {
        out.put(snapshot.node(candidates[pos]).name(), r);
      }
    }
    return out;
  }

  private int rankOf(int pos) {
    if (!filter[pos].passed()) {
      return 0;
    }
    for (int r = 0; r < ranking.length; r++) {
      if (ranking[r] == pos) {
        return r + 1;
      }
    }
    return 0;
  }

  private Map<String, Integer> positions() {
    Map<String, Integer> map = positionByName;
    if (map == null) {
      map = new HashMap<>(candidates.length * 2);
      for (int pos = 0; pos < candidates.length; pos++) {
        map.put(snapshot.node(candidates[pos]).name(), pos);
      }
      positionByName = map;
    }
    return map;
  }

  private NodeVerdict verdictAt(int pos, int rank) {
    Node node = snapshot.node(candidates[pos]);
    boolean passed = filter[pos].passed();
    List<PluginScore> pluginScores = new ArrayList<>(scorePlugins.length);
    if (passed) {
      for (int p = 0; p < scorePlugins.length; p++) {
        int s = scores[p][pos];
        pluginScores.add(new PluginScore(scorePlugins[p], s, weights[p], (long) s * weights[p]));
      }
    }
    Map<String, String> nodeNotes = new LinkedHashMap<>();
    if (notes != null) {
      for (int p = 0; p < notePlugins.length; p++) {
        String note = notes[p][pos];
        if (note != null && !note.isEmpty()) {
          nodeNotes.put(notePlugins[p], note);
        }
      }
    }
    return new NodeVerdict(node.name(), node.unit(), filter[pos], rank, passed ? totals[pos] : 0, pluginScores,
        nodeNotes);
  }
}
