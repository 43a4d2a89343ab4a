package io.edgeplace.api.plugin;

/**
 * Decides per node whether the workload may run there.
 *
 * <p>{@link #preFilter} runs once per cycle, before the per-node loop: compute everything that
 * depends on the workload alone (allowed platforms, allowed units) and put it in the cycle
 * state, so that {@link #filter} is a few array reads. {@link #filter} may run concurrently for
 * different nodes of one cycle; it must not allocate on the passing path.
 *
 * <p>The engine calls the batch form {@link #filter(CycleState, int[], int, int, FilterResult[])}
 * once per plugin and range of nodes. Its default calls the per-node form for each node;
 * override it when the per-node work is a few array reads, so that the state is read once per
 * batch and the loop runs without an interface call per node. Both forms must agree.
 */
public interface FilterPlugin extends Plugin {

  /**
   * Per-cycle preparation. A {@link FilterResult.Rejection} rejects every node at once (the
   * workload can run nowhere, for example because its RuntimeClass does not exist).
   */
  default FilterResult preFilter(CycleState state) {
    return FilterResult.pass();
  }

  /** Whether the workload may run on node {@code node} (an index into {@code state.snapshot()}). */
  FilterResult filter(CycleState state, int node);

  /**
   * Filters the nodes {@code nodes[from .. to-1]} at once, reporting each node that does not
   * pass to {@code rejections} with what {@link #filter(CycleState, int)} gives for it; nodes not
   * reported pass. Report in ascending index order, each index once. The array belongs to the
   * engine and is valid only during the call. If this throws (or reports out of order), the
   * engine runs the per-node form over the batch instead, to find the node that fails.
   *
   * <p>Nodes that pass cost nothing but the check, so a plugin with nothing to check (say, a pod
   * without a RuntimeClass) returns at once, and one that rejects few nodes reports few.
   */
  default void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    for (int k = from; k < to; k++) {
      FilterResult r = filter(state, nodes[k]);
      if (r == null || !r.passed()) {
        rejections.reject(k, r);
      }
    }
  }

  /** Where a batch {@link #filter(CycleState, int[], int, int, Rejections) filter} reports the nodes that do not pass. */
  @FunctionalInterface
  interface Rejections {
    /**
     * Node {@code nodes[index]} does not pass, for {@code result}: a rejection. A null is taken as
     * a bug in the plugin and reported as an error for the node; a result that passes is ignored
     * (the node passes this filter).
     */
    void reject(int index, FilterResult result);
  }
}
