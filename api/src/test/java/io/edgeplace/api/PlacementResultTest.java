package io.edgeplace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.plugin.FilterResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PlacementResultTest {

  private static final Workload POD = Workload.builder("default", "web").build();
  private static final ClusterSnapshot CLUSTER = ClusterSnapshot.builder()
      .node(Node.builder("a", "u1").build())
      .node(Node.builder("b", "u1").build())
      .node(Node.builder("c", "u2").build())
      .build();
  private static final FilterResult NO = FilterResult.unschedulable("p", "No", "p says no");

  /* a, b, c as candidates 0, 1, 2; b rejected; c scores 30 and a 10. */
  private static PlacementResult lazy(int best, Supplier<int[]> ranking) {
    return new PlacementResult(CLUSTER, POD, new int[] {0, 1, 2},
        new FilterResult[] {FilterResult.pass(), NO, FilterResult.pass()}, new String[] {"s"}, new int[] {1},
        new byte[][] {{10, 0, 30}}, new long[] {10, 0, 30}, 2, best, ranking, new String[0], null);
  }

  @Test
  void theBestNodeAndTheCountsNeedNoSort_theFullOrderIsSortedOnceWhenFirstAskedFor() {
    AtomicInteger sorts = new AtomicInteger();
    PlacementResult r = lazy(2, () -> {
      sorts.incrementAndGet();
      return new int[] {2, 0};
    });

    assertThat(r.best()).map(NodeVerdict::node).contains("c");
    assertThat(r.best()).map(NodeVerdict::rank).contains(1);
    assertThat(r.feasibleCount()).isEqualTo(2);
    assertThat(r.total("c")).isEqualTo(30);
    assertThat(sorts).as("sorts before the order was asked for").hasValue(0);

    assertThat(r.feasibleNodes()).containsExactly("c", "a");
    assertThat(r.verdict("a")).map(NodeVerdict::rank).contains(2);
    assertThat(r.verdicts()).extracting(NodeVerdict::node).containsExactly("c", "a", "b");
    assertThat(sorts).as("sorts after three calls that need the order").hasValue(1);
  }

  @Test
  void positionalAccessorsAnswerWithoutNames() {
    PlacementResult r = lazy(2, () -> new int[] {2, 0});

    assertThat(r.positionOf(2)).isEqualTo(2);
    assertThat(r.candidateNode(r.positionOf(1))).isEqualTo(1);
    assertThat(r.totalAt(r.positionOf(2))).isEqualTo(30);
    assertThat(r.totalAt(r.positionOf(1))).as("a rejected node's total").isEqualTo(-1);
    assertThat(r.rejectionAt(1)).isEqualTo(NO);
    assertThat(r.rejectionAt(0)).isNull();

    PlacementResult unordered = new PlacementResult(CLUSTER, POD, new int[] {2, 0},
        new FilterResult[] {FilterResult.pass(), NO}, new String[0], new int[0], new int[0][], new long[] {5, 0},
        new int[] {0}, new String[0], null);
    assertThat(unordered.positionOf(0)).isEqualTo(1);
    assertThat(unordered.positionOf(1)).as("not a candidate").isEqualTo(-1);
    assertThat(unordered.totalAt(unordered.positionOf(2))).isEqualTo(5);
  }

  /* positionOf against a plain scan, over seeded candidate lists: in index order, shuffled, with repeats, every node. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void positionOf_findsTheFirstPositionOfANode_orMinusOne(long seed) {
    java.util.random.RandomGenerator r = java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    int n = r.nextInt(60);
    int[] candidates = new int[n];
    switch (r.nextInt(4)) {
      case 0 -> java.util.Arrays.setAll(candidates, i -> i); // every node, in order
      case 1 -> {
        java.util.Arrays.setAll(candidates, i -> r.nextInt(200));
        java.util.Arrays.sort(candidates);
      }
      case 2 -> java.util.Arrays.setAll(candidates, i -> r.nextInt(200)); // any order, repeats
      default -> {
        java.util.Arrays.setAll(candidates, i -> i * 3);
        if (n > 1) {
          candidates[n - 1] = candidates[0]; // one node twice
        }
      }
    }
    FilterResult[] filter = new FilterResult[n];
    java.util.Arrays.fill(filter, FilterResult.pass());
    PlacementResult result = new PlacementResult(CLUSTER, POD, candidates, filter, new String[0], new int[0],
        new int[0][], new long[n], new int[0], new String[0], null);
    for (int node = -2; node < 210; node++) {
      int expected = -1;
      for (int pos = 0; pos < n; pos++) {
        if (candidates[pos] == node) {
          expected = pos;
          break;
        }
      }
      assertThat(result.positionOf(node)).as("seed %d, node %d in %s", seed, node,
          java.util.Arrays.toString(candidates)).isEqualTo(expected);
    }
  }

  @Test
  void aRankingThatDisagreesWithTheBestNodeIsAnEngineBugSaidSo() {
    PlacementResult r = lazy(2, () -> new int[] {0, 2});

    assertThatThrownBy(r::feasibleNodes).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bug in the engine").hasMessageContaining("starting at 2");
  }

  @Test
  void columnsThatContradictThemselvesAreRefused() {
    assertThatThrownBy(() -> new PlacementResult(CLUSTER, POD, new int[] {0}, new FilterResult[] {NO},
        new String[0], new int[0], new byte[0][], new long[] {0}, 0, 0, () -> new int[0], new String[0], null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 feasible of 1");
  }
}
