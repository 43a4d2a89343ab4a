package io.edgeplace.api.plugin;

/**
 * Ranks the nodes that passed every filter.
 *
 * <p>{@link #preScore} runs once per cycle with the feasible nodes; {@link #score} runs per node
 * (possibly concurrently) and returns a raw score; {@link #normalize} then maps the raw scores of
 * this plugin into {@code [0, 100]}, higher is better. The engine checks the range, multiplies
 * by the plugin's weight and sums across plugins.
 *
 * <p>The engine calls the batch form {@link #score(CycleState, int[], int, int, long[])} once
 * per plugin and range of nodes. Its default calls the per-node form for each node; override it
 * to read the state once per batch. Both forms must agree.
 */
public interface ScorePlugin extends Plugin {

  /** Per-cycle preparation over the feasible nodes {@code nodes[0 .. count-1]}. */
  default void preScore(CycleState state, int[] nodes, int count) {
  }

  /** The raw score of node {@code node}. */
  long score(CycleState state, int node);

  /**
   * Scores the nodes {@code nodes[from .. to-1]} at once: {@code scores[k]} becomes the raw score
   * of {@code nodes[k]}, exactly what {@link #score(CycleState, int)} gives for it. Only slots
   * {@code [from, to)} of {@code scores} may be written; the arrays belong to the engine and are
   * valid only during the call. If it throws, the engine runs the per-node form over the batch to
   * name the node that fails.
   */
  default void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    for (int k = from; k < to; k++) {
      scores[k] = score(state, nodes[k]);
    }
  }

  /**
   * Maps {@code scores[0 .. count-1]} (the raw scores of {@code nodes[0 .. count-1]}) into
   * {@code [0, 100]} in place. The default leaves them as they are, for plugins whose raw scores
   * are already in range.
   */
  default void normalize(CycleState state, int[] nodes, long[] scores, int count) {
  }
}
