package io.edgeplace.api.plugin;

/**
 * Decides per node whether the workload may run there.
 *
 * <p>{@link #preFilter} runs once per cycle, before the per-node loop: compute everything that
 * depends on the workload alone (allowed platforms, allowed units) and put it in the cycle
 * state, so that {@link #filter} is a few array reads. {@link #filter} may run concurrently for
 * different nodes of one cycle; it must not allocate on the passing path.
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
}
