package io.edgeplace.core.engine;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.Plugin;
import io.edgeplace.api.plugin.ScorePlugin;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link PlacementEngine#builder()}.
 */
final class DefaultPlacementEngine implements PlacementEngine {

  /*
   * One placement is one pass through these arrays, indexed two ways: by candidate position
   * ("pos", into candidates[], which holds node indices in ascending order, hence name order) and,
   * after filtering, by feasible position ("f", into feasible[] and feasiblePos[]). Plugins see
   * node indices. Per-node work runs over ranges of positions, sequentially or in chunks on the
   * executor; each chunk writes only its own slots, so the outcome does not depend on the
   * scheduling. The per-node loops allocate nothing unless a plugin fails or rejects (a plugin
   * may make a rejection per node).
   *
   * The arrays the result keeps (filter outcomes, scores, totals, ranking) are new each time; the
   * temporaries come from a per-thread Scratch. The feasible[] array and the raw score array
   * handed to preScore and normalize are therefore valid only during the call: plugins read them
   * and never keep them.
   */

  private static final Logger LOG = LoggerFactory.getLogger(PlacementEngine.class);
  private static final int MIN_CHUNK = 256;

  private final FilterPlugin[] filters;
  private final ScorePlugin[] scorers;
  private final String[] scoreNames;
  private final int[] weights;
  private final Plugin[] plugins;
  private final String[] pluginNames;
  private final Executor executor;
  private final InstantSource clock;
  private final int parallelismThreshold;
  private final int maxChunks;
  private final PlacementListener listener;
  private volatile int[] identity = new int[0];

  DefaultPlacementEngine(List<FilterPlugin> filters, List<ScorePlugin> scorers, List<Integer> weights,
                         List<Plugin> plugins, Executor executor, InstantSource clock, int parallelismThreshold,
                         PlacementListener listener) {
    this.filters = filters.toArray(new FilterPlugin[0]);
    this.scorers = scorers.toArray(new ScorePlugin[0]);
    this.scoreNames = scorers.stream().map(Plugin::name).toArray(String[]::new);
    this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
    this.plugins = plugins.toArray(new Plugin[0]);
    this.pluginNames = plugins.stream().map(Plugin::name).toArray(String[]::new);
    this.executor = executor;
    this.clock = clock;
    this.parallelismThreshold = parallelismThreshold;
    this.maxChunks = Math.max(2, 4 * Runtime.getRuntime().availableProcessors());
    this.listener = listener;
  }

  @Override
  public PlacementResult place(ClusterSnapshot snapshot, Workload workload) {
    return run(snapshot, workload, allNodes(snapshot), false);
  }

  @Override
  public PlacementResult place(ClusterSnapshot snapshot, Workload workload, Collection<String> nodeNames) {
    return run(snapshot, workload, someNodes(snapshot, nodeNames), false);
  }

  @Override
  public PlacementResult place(ClusterSnapshot snapshot, Workload workload, int[] nodes) {
    return run(snapshot, workload, indexedNodes(snapshot, nodes), false);
  }

  @Override
  public PlacementResult explain(ClusterSnapshot snapshot, Workload workload, int[] nodes) {
    return run(snapshot, workload, indexedNodes(snapshot, nodes), true);
  }

  @Override
  public PlacementResult explain(ClusterSnapshot snapshot, Workload workload) {
    return run(snapshot, workload, allNodes(snapshot), true);
  }

  @Override
  public PlacementResult explain(ClusterSnapshot snapshot, Workload workload, Collection<String> nodeNames) {
    return run(snapshot, workload, someNodes(snapshot, nodeNames), true);
  }

  @Override
  public List<String> filterPlugins() {
    return Arrays.stream(filters).map(Plugin::name).toList();
  }

  @Override
  public Map<String, Integer> scoreWeights() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int p = 0; p < scorers.length; p++) {
      out.put(scoreNames[p], weights[p]);
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "PlacementEngine" + Arrays.toString(pluginNames) + " weights " + scoreWeights();
  }

  /* 0 .. n-1, shared by the results of one cluster size: results never modify it, plugins never see it. */
  private int[] allNodes(ClusterSnapshot snapshot) {
    int n = snapshot.nodeCount();
    int[] all = identity;
    if (all.length != n) {
      all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      identity = all;
    }
    return all;
  }

  /* A sorted, distinct copy (the result keeps it; the caller's array stays the caller's); all of them: the shared identity. */
  private int[] indexedNodes(ClusterSnapshot snapshot, int[] nodes) {
    int n = snapshot.nodeCount();
    boolean ascending = true;
    for (int k = 0; k < nodes.length; k++) {
      int i = nodes[k];
      if (i < 0 || i >= n) {
        throw new IllegalArgumentException("node index " + i + " at position " + k + " is outside the snapshot's "
            + n + " nodes; maybe it was resolved against another snapshot?");
      }
      ascending &= k == 0 || i > nodes[k - 1];
    }
    if (ascending && nodes.length == n) {
      return allNodes(snapshot);
    }
    return sortedDistinct(nodes.clone(), nodes.length, ascending);
  }

  private static int[] someNodes(ClusterSnapshot snapshot, Collection<String> names) {
    int[] found = new int[names.size()];
    int n = 0;
    for (String name : names) {
      int i = name == null ? -1 : snapshot.nodeIndex(name);
      if (i >= 0) {
        found[n++] = i;
      }
    }
    return sortedDistinct(found, n, false);
  }

  /* a[0 .. n-1] sorted (unless it ascends already) and without repeats, in place; trimmed to them. */
  private static int[] sortedDistinct(int[] a, int n, boolean ascending) {
    if (!ascending) {
      Arrays.sort(a, 0, n);
    }
    int unique = 0;
    for (int k = 0; k < n; k++) {
      if (unique == 0 || a[k] != a[unique - 1]) {
        a[unique++] = a[k];
      }
    }
    return unique == a.length ? a : Arrays.copyOf(a, unique);
  }

  private PlacementResult run(ClusterSnapshot snapshot, Workload workload, int[] candidates, boolean explaining) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(workload, "workload");
    Instant start = listener == PlacementListener.NONE ? Instant.EPOCH : clock.instant();
    Scratch scratch = Scratch.acquire(candidates.length);
    PlacementResult result;
    try {
      result = new Cycle(snapshot, workload, candidates, explaining, scratch).run();
    } finally {
      scratch.release();
    }
    if (listener != PlacementListener.NONE) {
      Duration elapsed = Duration.between(start, clock.instant());
      try {
        listener.placed(result, elapsed);
      } catch (RuntimeException e) {
        LOG.warn("placement listener {} failed for workload {}; the placement stands", listener, workload.key(), e);
      }
    }
    return result;
  }

  /*
   * The full order of a result's feasible nodes, sorted when the result is first asked for it
   * (most callers want the best node or the scores only): from the result's own columns, since
   * the cycle's scratch has long been reused by then.
   */
  private static int[] rankLater(int[] candidates, FilterResult[] filter, long[] totals, int count, int seed) {
    int[] nodes = new int[count];
    int[] positions = new int[count];
    collectFeasible(candidates, filter, nodes, positions);
    long[] feasibleTotals = new long[count];
    for (int f = 0; f < count; f++) {
      feasibleTotals[f] = totals[positions[f]];
    }
    return Ranking.rank(feasibleTotals, count, seed, nodes, positions, new long[count]);
  }

  /* The candidates that passed (a null outcome is a pass), in position order: their node indices and positions. */
  private static int collectFeasible(int[] candidates, FilterResult[] filter, int[] nodes, int[] positions) {
    int count = 0;
    for (int pos = 0; pos < candidates.length; pos++) {
      FilterResult r = filter[pos];
      if (r == null || r.passed()) {
        nodes[count] = candidates[pos];
        positions[count++] = pos;
      }
    }
    return count;
  }

  /** A task over positions {@code [from, to)}. */
  @FunctionalInterface
  private interface RangeTask {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over {@code [0, count)}: at once below the parallelism threshold, else in
   * chunks on the executor, the calling thread taking the first chunk.
   */
  private void forRange(int count, RangeTask task) {
    if (count < parallelismThreshold || count < 2) {
      task.run(0, count);
      return;
    }
    int chunks = Math.min(maxChunks, Math.max(2, count / MIN_CHUNK));
    int size = (count + chunks - 1) / chunks;
    CompletableFuture<?>[] futures = new CompletableFuture<?>[chunks - 1];
    int submitted = 0;
    for (int from = size; from < count; from += size) {
      int lo = from;
      int hi = Math.min(count, from + size);
      try {
        futures[submitted] = CompletableFuture.runAsync(() -> task.run(lo, hi), executor);
      } catch (RejectedExecutionException e) {
        futures[submitted] = CompletableFuture.completedFuture(null);
        task.run(lo, hi);
      }
      submitted++;
    }
    task.run(0, Math.min(size, count));
    try {
      CompletableFuture.allOf(Arrays.copyOf(futures, submitted)).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** One placement cycle: the columns of its result and the steps that fill them. */
  private final class Cycle {
    private final ClusterSnapshot snapshot;
    private final Workload workload;
    private final int[] candidates;
    private final CycleState state;
    private final FilterResult[] filter;
    private final boolean[] prepared;
    private final int[] feasible;
    private final int[] feasiblePos;
    /* set when filterRange ran over every candidate in one go: feasible[0 .. it) are the survivors */
    private int wholeRangeSurvivors = -1;
    private final long[] raw;
    private final long[] sums;

    Cycle(ClusterSnapshot snapshot, Workload workload, int[] candidates, boolean explaining, Scratch scratch) {
      this.snapshot = snapshot;
      this.workload = workload;
      this.candidates = candidates;
      this.state = new CycleState(snapshot, workload, explaining);
      this.filter = new FilterResult[candidates.length];
      this.prepared = new boolean[plugins.length];
      this.feasible = scratch.feasible;
      this.feasiblePos = scratch.positions;
      this.raw = scratch.raw;
      this.sums = scratch.sums;
    }

    PlacementResult run() {
      int n = candidates.length;
      byte[][] scores = new byte[scorers.length][n];
      long[] totals = new long[n];
      int count = 0;
      int best = -1;
      int seed = Ranking.seed(workload.key());
      FilterResult.Rejection everywhere = n == 0 ? null : preFilter();
      if (everywhere != null) {
        Arrays.fill(filter, everywhere);
      } else {
        forRange(n, this::filterRange);
        /* one chunk leaves its survivors in order at the front already; chunks need collecting */
        count = wholeRangeSurvivors >= 0 ? wholeRangeSurvivors : collectFeasible();
        for (ScorePlugin s : scorers) {
          preScore(s, count);
        }
        long[] feasibleTotals = sums;
        Arrays.fill(feasibleTotals, 0, count, 0L);
        for (int p = 0; p < scorers.length; p++) {
          ScorePlugin scorer = scorers[p];
          forRange(count, (from, to) -> scoreRange(scorer, from, to));
          normalize(p, count);
          weighAndSum(p, count, scores[p], feasibleTotals);
        }
        if (count == n) {
          System.arraycopy(feasibleTotals, 0, totals, 0, n);
        } else {
          for (int f = 0; f < count; f++) {
            totals[feasiblePos[f]] = feasibleTotals[f];
          }
        }
        best = Ranking.best(feasibleTotals, count, seed, feasible, feasiblePos);
      }
      String[][] notes = state.explaining() ? notes() : null;
      int feasibleCount = count;
      int[] considered = candidates;
      FilterResult[] outcomes = filter;
      return new PlacementResult(snapshot, workload, candidates, filter, scoreNames, weights, scores, totals,
          feasibleCount, best, () -> rankLater(considered, outcomes, totals, feasibleCount, seed), pluginNames,
          notes);
    }

    /** Runs every preFilter; the first rejection (or failure) rejects every node. */
    private FilterResult.@Nullable Rejection preFilter() {
      for (FilterPlugin f : filters) {
        markPrepared(f);
        FilterResult r;
        try {
          r = f.preFilter(state);
        } catch (Exception e) {
          return FilterResult.error(f.name(), "preFilter of plugin \"" + f.name() + "\" failed for workload "
              + workload.key() + ": " + e);
        }
        if (r == null) {
          return FilterResult.error(f.name(), "preFilter of plugin \"" + f.name() + "\" returned null");
        }
        if (r instanceof FilterResult.Rejection rejection) {
          return rejection;
        }
      }
      return null;
    }

    /*
     * The hot loop, plugin by plugin: each filter runs, in one batch call, over the nodes every
     * earlier filter passed, so the first rejection in plugin order wins and a node rejected early
     * costs the later filters nothing. One call per plugin and chunk keeps the per-node loop
     * inside the plugin, where its state reads are loop-invariant and no interface call is made
     * per node; plugins report only the nodes they reject, and the survivors close ranks by block
     * copies. The survivors of the chunk [from, to) live in feasible[from, to) (node indices) and
     * feasiblePos[from, to) (positions), scratch that only this chunk touches until
     * collectFeasible. A survivor's filter outcome stays null: the result reads that as a pass.
     */
    private void filterRange(int from, int to) {
      int[] aliveNodes = feasible;
      int[] alivePos = feasiblePos;
      System.arraycopy(candidates, from, aliveNodes, from, to - from);
      for (int pos = from; pos < to; pos++) {
        alivePos[pos] = pos;
      }
      Reported reported = new Reported(alivePos);
      int end = to;
      for (FilterPlugin f : filters) {
        if (end == from) {
          break;
        }
        reported.start(from, end);
        try {
          f.filter(state, aliveNodes, from, end, reported);
        } catch (Exception e) {
          reported.discard();
          filterEach(f, aliveNodes, from, end, reported);
        }
        if (reported.count > 0) {
          end = closeRanks(f, reported, aliveNodes, alivePos, end);
        }
      }
      if (from == 0 && to == candidates.length) {
        wholeRangeSurvivors = end;
      }
    }

    /**
     * The rejections one batch filter reports: each goes straight into the result's filter column
     * and its index into {@code at}, in ascending order. One per chunk; {@code at} grows only once
     * a node is rejected, so a batch that passes every node allocates nothing more. A report out
     * of range or out of order is a bug in the plugin: it throws, and the chunk's batch is then
     * filtered node by node.
     */
    private final class Reported implements FilterPlugin.Rejections {
      private final int[] alivePos;
      int[] at = new int[0];
      int count;
      private int from;
      private int to;

      Reported(int[] alivePos) {
        this.alivePos = alivePos;
      }

      /* A new batch over [from, to): earlier batches' rejections stay in the column. */
      void start(int from, int to) {
        this.from = from;
        this.to = to;
        this.count = 0;
      }

      /* The batch failed part way: take back what it reported, so the node-by-node rerun starts clean. */
      void discard() {
        for (int i = 0; i < count; i++) {
          filter[alivePos[at[i]]] = null;
        }
        count = 0;
      }

      @Override
      public void reject(int index, FilterResult result) {
        if (result != null && result.passed()) {
          return; // a pass reported as a rejection: the node passes, as the result says
        }
        if (index < from || index >= to || (count > 0 && index <= at[count - 1])) {
          throw new IllegalStateException("rejection reported for index " + index + " after "
              + (count > 0 ? String.valueOf(at[count - 1]) : "none") + " in a batch of [" + from + ", " + to
              + "): reports must ascend within the batch");
        }
        if (count == at.length) {
          at = Arrays.copyOf(at, Math.min(to - from, Math.max(64, count * 4)));
        }
        at[count++] = index;
        filter[alivePos[index]] = result;
      }
    }

    /* Removes the rejected nodes from the alive arrays and returns the new end. */
    private int closeRanks(FilterPlugin f, Reported reported, int[] aliveNodes, int[] alivePos, int end) {
      int[] at = reported.at;
      int write = at[0];
      for (int i = 0; i < reported.count; i++) {
        int k = at[i];
        if (filter[alivePos[k]] == null) {
          filter[alivePos[k]] = FilterResult.error(f.name(), "filter plugin \"" + f.name()
              + "\" returned null for node \"" + snapshot.node(aliveNodes[k]).name() + "\"");
        }
        int next = i + 1 < reported.count ? at[i + 1] : end;
        int length = next - k - 1;
        if (length > 16) {
          System.arraycopy(aliveNodes, k + 1, aliveNodes, write, length);
          System.arraycopy(alivePos, k + 1, alivePos, write, length);
          write += length;
        } else {
          /* many rejections leave short runs: a loop beats a call per run */
          for (int m = k + 1; m < next; m++) {
            aliveNodes[write] = aliveNodes[m];
            alivePos[write++] = alivePos[m];
          }
        }
      }
      return write;
    }

    /* After a batch failed: node by node, so that only the failing nodes get an error result. */
    private void filterEach(FilterPlugin f, int[] nodes, int from, int to, Reported reported) {
      for (int k = from; k < to; k++) {
        FilterResult r;
        try {
          r = f.filter(state, nodes[k]);
        } catch (Exception e) {
          r = failed(f, nodes[k], e);
        }
        if (r == null || !r.passed()) {
          reported.reject(k, r);
        }
      }
    }

    private FilterResult failed(FilterPlugin f, int node, Exception e) {
      return FilterResult.error(f.name(), "filter plugin \"" + f.name() + "\" failed on node \""
          + snapshot.node(node).name() + "\": " + e);
    }

    /* feasible[0 .. count-1]: plugins get the array with its count, so it is never trimmed. */
    private int collectFeasible() {
      return DefaultPlacementEngine.collectFeasible(candidates, filter, feasible, feasiblePos);
    }

    private void preScore(ScorePlugin s, int count) {
      markPrepared(s);
      try {
        s.preScore(state, feasible, count);
      } catch (RuntimeException e) {
        throw new IllegalStateException("preScore of plugin \"" + s.name() + "\" failed for workload "
            + workload.key() + ": " + e, e);
      }
    }

    /* The hot loop of scoring: the current score plugin over a range of feasible nodes, in one batch call. */
    private void scoreRange(ScorePlugin s, int from, int to) {
      try {
        s.score(state, feasible, from, to, raw);
      } catch (RuntimeException batchFailure) {
        int f = from;
        try {
          for (; f < to; f++) {
            raw[f] = s.score(state, feasible[f]);
          }
        } catch (RuntimeException e) {
          throw new IllegalStateException("score plugin \"" + s.name() + "\" failed on node \""
              + snapshot.node(feasible[f]).name() + "\": " + e, e);
        }
        throw new IllegalStateException("score plugin \"" + s.name() + "\" failed on a batch of " + (to - from)
            + " nodes, though every one of them scored alone: " + batchFailure, batchFailure);
      }
    }

    private void normalize(int p, int count) {
      ScorePlugin s = scorers[p];
      try {
        s.normalize(state, feasible, raw, count);
      } catch (RuntimeException e) {
        throw new IllegalStateException("normalize of plugin \"" + s.name() + "\" failed for workload "
            + workload.key() + ": " + e, e);
      }
    }

    /** Range check, weight, sum; the normalized scores land at their candidate positions. */
    private void weighAndSum(int p, int count, byte[] scoreRow, long[] feasibleTotals) {
      long[] row = raw;
      long weight = weights[p];
      long outside = 0;
      if (count == candidates.length) {
        /* every candidate passed: feasible index = candidate position, no scatter */
        for (int f = 0; f < count; f++) {
          long v = row[f];
          outside |= v | (100 - v);
          scoreRow[f] = (byte) v;
          feasibleTotals[f] += v * weight;
        }
      } else {
        int[] positions = feasiblePos;
        for (int f = 0; f < count; f++) {
          long v = row[f];
          outside |= v | (100 - v);
          scoreRow[positions[f]] = (byte) v;
          feasibleTotals[f] += v * weight;
        }
      }
      if (outside < 0) {
        outOfRange(p, count);
      }
    }

    /* v < 0 or v > 100 makes v | (100 - v) negative: find the first such score and say so. */
    private void outOfRange(int p, int count) {
      for (int f = 0; f < count; f++) {
        long v = raw[f];
        if (v < 0 || v > 100) {
          throw new IllegalStateException("score plugin \"" + scoreNames[p] + "\" gave node \""
              + snapshot.node(feasible[f]).name() + "\" the normalized score " + v + " for workload "
              + workload.key() + ", outside [0, 100]; this is a bug in the plugin. Maybe its normalize() "
              + "does not scale its raw scores into range?");
        }
      }
    }

    private void markPrepared(Plugin plugin) {
      for (int i = 0; i < plugins.length; i++) {
        if (plugins[i] == plugin) {
          prepared[i] = true;
        }
      }
    }

    /** Every prepared plugin's note on every candidate; a plugin whose pre-phase never ran has none. */
    private String[][] notes() {
      int n = candidates.length;
      String[][] notes = new String[plugins.length][n];
      for (int p = 0; p < plugins.length; p++) {
        if (!prepared[p]) {
          continue;
        }
        for (int pos = 0; pos < n; pos++) {
          try {
            notes[p][pos] = plugins[p].explain(state, candidates[pos]);
          } catch (RuntimeException e) {
            notes[p][pos] = "no explanation: " + pluginNames[p] + ".explain failed: " + e;
          }
        }
      }
      return notes;
    }
  }
}
