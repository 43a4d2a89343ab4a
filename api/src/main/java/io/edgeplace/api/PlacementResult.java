package io.edgeplace.api;

import io.edgeplace.api.plugin.FilterResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The ranking of the candidate nodes for one workload, keeping every plugin's contribution per
 * node so that any decision can be explained.
 *
 * <p>It is stored by column (arrays indexed by candidate position) and turns into
 * {@link NodeVerdict} records only when asked, so that ranking 10,000 nodes allocates a handful
 * of arrays rather than tens of thousands of objects. An engine may hand over the best node
 * alone and leave the full order of the feasible nodes to be sorted when first asked for
 * ({@link #feasibleNodes()}, {@link #verdicts()}, {@link #verdict(String)}): a scheduler that
 * takes the best node, or the extender that returns scores, never pays for the sort. Results are
 * safe to share between threads.
 */
public final class PlacementResult {
  private final ClusterSnapshot snapshot;
  private final Workload workload;
  private final int[] candidates;
  private final FilterResult[] filter;
  private final String[] scorePlugins;
  private final int[] weights;
  private final byte[][] scores;
  private final long[] totals;
  private final int feasibleCount;
  private final int bestPosition;
  private final @Nullable Supplier<int[]> ranker;
  private volatile int @Nullable [] ranking;
  private final String[] notePlugins;
  private final String @Nullable [][] notes;
  private volatile @Nullable Map<String, Integer> positionByName;

  /**
   * For engines: the columns of a result. Arrays are taken over, not copied.
   *
   * @param candidates   node indices (into {@code snapshot}) that were considered
   * @param filter       per candidate position, the filter outcome; null is read as a pass
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
    this(snapshot, workload, candidates, filter, scorePlugins, weights, narrow(scores), totals, ranking.length,
        ranking.length == 0 ? -1 : ranking[0], null, ranking, notePlugins, notes);
  }

  /**
   * For engines: the columns of a result whose full ranking is computed on first use.
   *
   * @param feasibleCount how many candidates passed every filter
   * @param bestPosition  the candidate position of the best feasible node, -1 when none passed
   * @param scores        {@code [plugin][candidate position]}: normalized score in [0, 100], 0 for
   *                      rejected; a byte each, since a score never needs more
   * @param ranking       gives the candidate positions of the feasible nodes, best first, starting
   *                      with {@code bestPosition}; called at most once per result unless two
   *                      threads race to it, so it must be a pure function of the columns
   * @see #PlacementResult(ClusterSnapshot, Workload, int[], FilterResult[], String[], int[], int[][], long[],
   *     int[], String[], String[][]) the other parameters
   */
  public PlacementResult(ClusterSnapshot snapshot, Workload workload, int[] candidates, FilterResult[] filter,
                         String[] scorePlugins, int[] weights, byte[][] scores, long[] totals, int feasibleCount,
                         int bestPosition, Supplier<int[]> ranking, String[] notePlugins,
                         String @Nullable [][] notes) {
    this(snapshot, workload, candidates, filter, scorePlugins, weights, scores, totals, feasibleCount, bestPosition,
        Objects.requireNonNull(ranking, "ranking"), null, notePlugins, notes);
  }

  private PlacementResult(ClusterSnapshot snapshot, Workload workload, int[] candidates, FilterResult[] filter,
                          String[] scorePlugins, int[] weights, byte[][] scores, long[] totals, int feasibleCount,
                          int bestPosition, @Nullable Supplier<int[]> ranker, int @Nullable [] ranking,
                          String[] notePlugins, String @Nullable [][] notes) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.workload = Objects.requireNonNull(workload, "workload");
    this.candidates = candidates;
    this.filter = filter;
    this.scorePlugins = scorePlugins;
    this.weights = weights;
    this.scores = scores;
    this.totals = totals;
    this.feasibleCount = feasibleCount;
    this.bestPosition = bestPosition;
    this.ranker = ranker;
    this.ranking = ranking;
    this.notePlugins = notePlugins;
    this.notes = notes;
    if (filter.length != candidates.length || totals.length != candidates.length
        || weights.length != scorePlugins.length || scores.length != scorePlugins.length) {
      throw new IllegalArgumentException("placement result columns differ in length");
    }
    if (feasibleCount < 0 || feasibleCount > candidates.length || (feasibleCount == 0) != (bestPosition < 0)
        || bestPosition >= candidates.length) {
      throw new IllegalArgumentException("placement result: " + feasibleCount + " feasible of " + candidates.length
          + " candidates with the best at position " + bestPosition);
    }
  }

  private static byte[][] narrow(int[][] scores) {
    byte[][] out = new byte[scores.length][];
    for (int p = 0; p < scores.length; p++) {
      out[p] = new byte[scores[p].length];
      for (int pos = 0; pos < scores[p].length; pos++) {
        int v = scores[p][pos];
        if (v < 0 || v > 100) {
          throw new IllegalArgumentException("placement result: score " + v + " of plugin " + p + " at position "
              + pos + " is outside [0, 100]");
        }
        out[p][pos] = (byte) v;
      }
    }
    return out;
  }

  /* The feasible positions best first: sorted on first use, then kept. */
  private int[] ranking() {
    int[] r = ranking;
    if (r == null) {
      r = Objects.requireNonNull(ranker).get();
      if (r.length != feasibleCount || (r.length > 0 && r[0] != bestPosition)) {
        throw new IllegalStateException("the engine's ranking has " + r.length + " nodes starting at position "
            + (r.length == 0 ? -1 : r[0]) + ", but its result said " + feasibleCount + " starting at "
            + bestPosition + "; this is a bug in the engine");
      }
      ranking = r;
    }
    return r;
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
    return feasibleCount;
  }

  /** The names of the feasible nodes, best first. */
  public List<String> feasibleNodes() {
    int[] ranking = ranking();
    List<String> names = new ArrayList<>(ranking.length);
    for (int pos : ranking) {
      names.add(snapshot.node(candidates[pos]).name());
    }
    return names;
  }

  /** The best feasible node, if any. */
  public Optional<NodeVerdict> best() {
    return bestPosition < 0 ? Optional.empty() : Optional.of(verdictAt(bestPosition, 1));
  }

  /** The verdict on the named node, if it was a candidate. */
  public Optional<NodeVerdict> verdict(String node) {
    Integer pos = positions().get(node);
    return pos == null ? Optional.empty() : Optional.of(verdictAt(pos, rankOf(pos)));
  }

  /** The total score of the named node, or -1 if it was rejected or not a candidate. */
  public long total(String node) {
    Integer pos = positions().get(node);
    return pos == null || !passed(pos) ? -1 : totals[pos];
  }

  /** The filter outcome for the named node, or null if it was not a candidate. */
  public @Nullable FilterResult filterResult(String node) {
    Integer pos = positions().get(node);
    return pos == null ? null : outcome(pos);
  }

  // ---- by position: for callers that hold node indices, without a map of names ----

  /** The node index (into {@link #snapshot()}) of candidate position {@code position}. */
  public int candidateNode(int position) {
    return candidates[position];
  }

  /**
   * The candidate position of node index {@code node}, or -1 if it was not a candidate (the
   * first position when a node was a candidate twice). Constant time: every node a candidate in
   * index order needs no lookup, else a table by node index is built on first use.
   */
  public int positionOf(int node) {
    int[] c = candidates;
    if (node >= 0 && node < c.length && c[node] == node) {
      return node; // every node a candidate, in index order (the common case): no lookup
    }
    if (node < 0) {
      return -1;
    }
    if (c.length <= 8) {
      for (int pos = 0; pos < c.length; pos++) {
        if (c[pos] == node) {
          return pos;
        }
      }
      return -1;
    }
    int[] table = positionByNode();
    return node < table.length ? table[node] - 1 : -1;
  }

  /* Per node index, its first candidate position + 1 (0: not a candidate); a race builds it twice. */
  private volatile int @Nullable [] positionByNode;

  private int[] positionByNode() {
    int[] table = positionByNode;
    if (table == null) {
      int max = -1;
      for (int node : candidates) {
        max = Math.max(max, node);
      }
      table = new int[max + 1];
      for (int pos = candidates.length - 1; pos >= 0; pos--) {
        if (candidates[pos] >= 0) {
          table[candidates[pos]] = pos + 1;
        }
      }
      positionByNode = table;
    }
    return table;
  }

  /** The total score at candidate position {@code position}, or -1 if that node was rejected. */
  public long totalAt(int position) {
    return passed(position) ? totals[position] : -1;
  }

  /** The rejection at candidate position {@code position}, or null if that node passed. */
  public FilterResult.@Nullable Rejection rejectionAt(int position) {
    return filter[position] instanceof FilterResult.Rejection r ? r : null;
  }

  /** Every candidate's verdict: feasible nodes best first, then rejected nodes by name. */
  public List<NodeVerdict> verdicts() {
    List<NodeVerdict> all = new ArrayList<>(candidates.length);
    int[] ranking = ranking();
    for (int r = 0; r < ranking.length; r++) {
      all.add(verdictAt(ranking[r], r + 1));
    }
    for (int pos = 0; pos < candidates.length; pos++) {
      if (!passed(pos)) {
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
    if (!passed(pos)) {
      return 0;
    }
    if (pos == bestPosition) {
      return 1;
    }
    int[] ranking = ranking();
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

  /* engines leave a pass as null */
  private FilterResult outcome(int pos) {
    FilterResult r = filter[pos];
    return r == null ? FilterResult.pass() : r;
  }

  private boolean passed(int pos) {
    FilterResult r = filter[pos];
    return r == null || r.passed();
  }

  private NodeVerdict verdictAt(int pos, int rank) {
    Node node = snapshot.node(candidates[pos]);
    boolean passed = passed(pos);
    List<PluginScore> pluginScores = new ArrayList<>(scorePlugins.length);
    if (passed) {
      for (int p = 0; p < scorePlugins.length; p++) {
        int s = scores[p][pos];  // 0..100: a byte's sign never comes into it
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
    return new NodeVerdict(node.name(), node.unit(), outcome(pos), rank, passed ? totals[pos] : 0, pluginScores,
        nodeNotes);
  }
}
