package io.edgeplace.api.plugin;

/**
 * Ranks the nodes that passed every filter.
 *
 * <p>{@link #preScore} runs once per cycle with the feasible nodes; {@link #score} runs per node
 * (possibly concurrently) and returns a raw score; {@link #normalize} then maps the raw scores of
 * this plugin into {@code [0, 100]}, higher is better. The engine checks the range, multiplies
 * by the plugin's weight and sums across plugins.
 */
public interface ScorePlugin extends Plugin {

  /** Per-cycle preparation over the feasible nodes {@code nodes[0 .. count-1]}. */
  default void preScore(CycleState state, int[] nodes, int count) {
  }

  /** The raw score of node {@code node}. */
  long score(CycleState state, int node);

  /**
   * Maps {@code scores[0 .. count-1]} (the raw scores of {@code nodes[0 .. count-1]}) into
   * {@code [0, 100]} in place. The default leaves them as they are, for plugins whose raw scores
   * are already in range.
   */
  default void normalize(CycleState state, int[] nodes, long[] scores, int count) {
  }
}
