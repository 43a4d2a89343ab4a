package io.edgeplace.core.engine;

/**
 * The working arrays of one placement that its result does not keep, reused by the next
 * placement on the same thread.
 */
final class Scratch {

  /*
   * Ranking 5,000 nodes touches ~120 KB of temporaries (feasible node indices and positions, raw
   * scores, totals turned sort keys, the radix sort's second buffer). Fresh arrays come from cold
   * memory and cost about as much as the plugins; reused ones stay in cache. One set per thread,
   * so concurrent placements never share one; a placement started from inside another (a plugin
   * calling the engine) finds the set busy and gets fresh arrays.
   */

  private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

  private boolean busy;
  int[] feasible = new int[0];
  int[] positions = new int[0];
  long[] raw = new long[0];
  long[] sums = new long[0];

  private Scratch() {
  }

  /** This thread's scratch for {@code n} candidates, or a fresh one if it is in use; {@link #release()} it after. */
  static Scratch acquire(int n) {
    Scratch s = PER_THREAD.get();
    if (s.busy) {
      s = new Scratch();
    }
    s.busy = true;
    if (s.feasible.length < n) {
      int size = Math.max(n, s.feasible.length + (s.feasible.length >> 1));
      s.feasible = new int[size];
      s.positions = new int[size];
      s.raw = new long[size];
      s.sums = new long[size];
    }
    return s;
  }

  void release() {
    busy = false;
  }
}
