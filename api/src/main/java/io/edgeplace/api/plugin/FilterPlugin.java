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
   * Filters the nodes {@code nodes[from .. to-1]} at once: {@code results[k]} becomes the result
   * of {@code nodes[k]}, exactly what {@link #filter(CycleState, int)} gives for it. Only slots
   * {@code [from, to)} of {@code results} may be written; the arrays belong to the engine and are
   * valid only during the call. If it throws, the engine runs the per-node form over the batch to
   * find the node that fails.
   *
   * @return whether every node passed; when it is true the engine reads none of the results, so
   *     a plugin with nothing to check (say, a pod without a RuntimeClass) may return at once
   */
  default boolean filter(CycleState state, int[] nodes, int from, int to, FilterResult[] results) {
    boolean all = true;
    for (int k = from; k < to; k++) {
      FilterResult r = filter(state, nodes[k]);
      results[k] = r;
      all &= r != null && r.passed();
    }
    return all;
  }
}
