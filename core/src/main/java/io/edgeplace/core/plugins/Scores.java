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
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    if (max == min) {
      Arrays.fill(scores, 0, count, 100);
      return;
    }
    double scale = 100.0 / (max - min);
    for (int i = 0; i < count; i++) {
      scores[i] = 100 - (long) ((scores[i] - min) * scale + 0.5);
    }
  }
}
