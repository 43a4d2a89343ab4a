package io.edgeplace.api.plugin;

/**
 * A placement plugin. Implementations are small, immutable and thread-safe: one instance serves
 * concurrent placement cycles, and everything per cycle lives in the {@link CycleState}.
 */
public interface Plugin {

  /** A stable name, such as {@code architecture}; it keys weights, metrics and explanations. */
  String name();

  /**
   * A human-readable note on node {@code node} for explanations, such as "image platforms
   * unknown; not checked" or "pull 180 MB over 10 Mbit/s: ~144 s". Called only when a caller
   * asks for an explanation, never on the ranking hot path. Empty when there is nothing to say.
   */
  default String explain(CycleState state, int node) {
    return "";
  }
}
