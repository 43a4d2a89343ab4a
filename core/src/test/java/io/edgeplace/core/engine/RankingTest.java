package io.edgeplace.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.core.testing.Seeds;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RankingTest {

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void radixRankingEqualsAComparisonSortByTotalThenTopHashBitsThenRotatedIndex(long seed) {
    Seeds.check(seed, random -> {
      int n = random.nextInt(3000);
      long spread = switch (random.nextInt(5)) {
        case 0 -> 1;
        case 1 -> 101;
        case 2 -> 1_000_001;
        case 3 -> 1L << 40;
        // 0 marks two clusters of ties too far apart to pack into one long: the comparison sort's path
        default -> 0;
      };
      long[] totals = new long[n];
      int[] nodes = new int[n];
      int[] positions = new int[n];
      int workloadSeed = random.nextInt();
      for (int i = 0; i < n; i++) {
        totals[i] = spread > 0 ? random.nextLong(spread)
            : random.nextBoolean() ? random.nextLong(3) : Long.MAX_VALUE - random.nextLong(3);
        nodes[i] = random.nextInt(4) == 0 ? 7 : random.nextInt(1 << 20);
        positions[i] = 3 * i + 1;
      }
      int drop = Ranking.HASH_BITS - Ranking.hashBits(n);
      int[] expected = IntStream.range(0, n).boxed()
          .sorted(Comparator.<Integer>comparingLong(i -> -totals[i])
              .thenComparingInt(i -> Ranking.tieHash(workloadSeed, nodes[i]) >>> drop)
              .thenComparingInt(i -> Math.floorMod(i - Ranking.offset(workloadSeed, n), n)))
          .mapToInt(i -> positions[i]).toArray();

      int[] actual = Ranking.rank(totals.clone(), n, workloadSeed, nodes, positions, new long[n]);

      assertThat(actual).isEqualTo(expected);
      assertThat(Ranking.best(totals, n, workloadSeed, nodes, positions)).as("best without sorting")
          .isEqualTo(n == 0 ? -1 : expected[0]);
    });
  }

  @Test
  void tieHash_staysWithinItsBits_andDependsOnTheWorkload() {
    int a = Ranking.seed("default/a");
    int b = Ranking.seed("default/b");
    long differing = IntStream.range(0, 1000)
        .filter(i -> Ranking.tieHash(a, ("node-" + i).hashCode()) != Ranking.tieHash(b, ("node-" + i).hashCode()))
        .count();

    assertThat(IntStream.range(0, 1000).map(i -> Ranking.tieHash(a, i))).allMatch(h -> h >= 0 && h < 1 << 16);
    assertThat(differing).isGreaterThan(990);
  }

  @Test
  void rank_ofNothingIsEmpty() {
    assertThat(Ranking.rank(new long[0], 0, 1, new int[0], new int[0], new long[0])).isEmpty();
    assertThat(Arrays.stream(Ranking.rank(new long[] {5}, 1, 1, new int[] {3}, new int[] {9}, new long[1])))
        .containsExactly(9);
  }
}
