package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.core.testing.Seeds;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ScoresTest {

  @Test
  void theCheapestGets100TheDearest0AndTheRestLinearlyInBetween() {
    long[] costs = {10, 20, 15, 12, 0};

    Scores.lowerIsBetter(costs, 4);

    assertThat(costs).containsExactly(100, 0, 50, 80, 0);
  }

  @Test
  void allEqualCostsGive100Each() {
    long[] costs = {7, 7, 7};

    Scores.lowerIsBetter(costs, 3);

    assertThat(costs).containsExactly(100, 100, 100);
  }

  /* 100 - round_half_up(100 * (v - min) / range), computed exactly. */
  private static long exact(long v, long min, long max) {
    BigDecimal q = BigDecimal.valueOf(v).subtract(BigDecimal.valueOf(min)).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(max).subtract(BigDecimal.valueOf(min)), 0, RoundingMode.HALF_UP);
    return 100 - q.longValueExact();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void everyNormalizedCostIsTheExactlyRoundedLinearScore(long seed) {
    Seeds.check(seed, random -> {
      int n = 1 + random.nextInt(500);
      long spread = switch (random.nextInt(5)) {
        case 0 -> 3;
        case 1 -> 1_000;
        case 2 -> 1L << 40;
        case 3 -> 1L << 41; // past the fixed-point range: the double path
        default -> Long.MAX_VALUE / 4;
      };
      long base = random.nextBoolean() ? 0 : random.nextLong(-(1L << 50), 1L << 50);
      long[] costs = new long[n];
      for (int i = 0; i < n; i++) {
        costs[i] = base + random.nextLong(spread);
      }
      long min = java.util.Arrays.stream(costs).min().orElseThrow();
      long max = java.util.Arrays.stream(costs).max().orElseThrow();
      long[] normalized = costs.clone();

      Scores.lowerIsBetter(normalized, n);

      for (int i = 0; i < n; i++) {
        long expected = min == max ? 100 : exact(costs[i], min, max);
        assertThat(normalized[i]).as("cost %d of [%d, %d]", costs[i], min, max).isBetween(0L, 100L)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(nearHalf(costs[i], min, max) ? 1L : 0L));
      }
    });
  }

  /* whether the exact quotient sits within 1e-6 of a .5 boundary, where either rounding is fair */
  private static boolean nearHalf(long v, long min, long max) {
    if (min == max) {
      return false;
    }
    BigDecimal q = BigDecimal.valueOf(v).subtract(BigDecimal.valueOf(min)).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(max).subtract(BigDecimal.valueOf(min)), 12, RoundingMode.HALF_UP);
    BigDecimal frac = q.subtract(new BigDecimal(q.toBigInteger()));
    return frac.subtract(new BigDecimal("0.5")).abs().compareTo(new BigDecimal("0.000001")) < 0;
  }
}
