package io.edgeplace.core.plugins;

import java.util.Arrays;

/* Normalizations shared by the score plugins. */
final class Scores {
  private Scores() {
  }

  /**
   * Maps raw costs {@code scores[0 .. count-1]} into {@code [0, 100]} in place, lower cost
   * better: the cheapest node gets 100, the dearest 0, linearly in between (as kube-scheduler's
   * NetworkOverhead); all equal gives 100 each.
   */
  static void lowerIsBetter(long[] scores, int count) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      long v = scores[i];
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (max == min) {
      Arrays.fill(scores, 0, count, 100);
      return;
    }
    long range = max - min;
    if (range > 0 && range <= MAX_FIXED_POINT_RANGE) {
      /*
       * Fixed point instead of a double per node: 100 * (v - min) / range, rounded half up, is
       * ((v - min) * mul + half) >> 56 with mul = floor(100 * 2^56 / range). (v - min) <= range
       * keeps the product within 100 * 2^56 < 2^63; for a range up to 2^40, mul >= 100 * 2^16, so
       * the quotient before rounding is off by less than 2^-16 of a point.
       */
      long mul = (100L << FRACTION_BITS) / range;
      long half = 1L << (FRACTION_BITS - 1);
      for (int i = 0; i < count; i++) {
        scores[i] = 100 - (((scores[i] - min) * mul + half) >>> FRACTION_BITS);
      }
      return;
    }
    double scale = 100.0 / range;
    for (int i = 0; i < count; i++) {
      scores[i] = 100 - (long) ((scores[i] - min) * scale + 0.5);
    }
  }

  private static final int FRACTION_BITS = 56;
  /* Below this the fixed point is exact to the last step; above it (or on overflow) doubles are used. */
  private static final long MAX_FIXED_POINT_RANGE = 1L << 40;
}
