package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.NetworkInvariantsTest.randomCluster;
import static io.edgeplace.core.plugins.NetworkInvariantsTest.randomWorkload;
import static io.edgeplace.core.plugins.NetworkInvariantsTest.withSeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.Plugin;
import io.edgeplace.api.plugin.ScorePlugin;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plugin's batch forms ({@code filter}/{@code score} over an array of nodes, which the
 * engine calls) give exactly what its per-node forms give, over seeded random clusters, node
 * orders ascending (as the engine passes them) and shuffled, and random sub-ranges. Rerun one seed with {@code -Dedgeplace.seed=<seed>}.
 */
class BatchFormsTest {

  static java.util.stream.LongStream seeds() {
    return NetworkInvariantsTest.seeds();
  }

  private static Plugin[] plugins() {
    return new Plugin[] {ArchitecturePlugin.create(), UnitAffinityPlugin.create(), UnitSpreadPlugin.create(),
        UnitConnectivityPlugin.create(), SandboxRuntimePlugin.create(), UplinkBandwidthPlugin.create(),
        TrafficLocalityPlugin.create(), ImagePullCostPlugin.create()};
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theBatchFormsGiveWhatThePerNodeFormsGive(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      for (int i = 0; i < 12; i++) {
        Workload w = randomWorkload(rnd, "w" + i);
        if (rnd.nextInt(3) == 0) {
          w = w.toBuilder().allowedUnits(Set.of("unit-0", "unit-2")).build();
        }
        if (rnd.nextInt(4) == 0) {
          w = w.toBuilder().requiredArchitectures(Set.of("arm64")).build();
        }
        checkAgreement(s, w, rnd);
        s = s.withPod(PlacedPod.of(w, s.node(rnd.nextInt(s.nodeCount())).name()));
      }
    });
  }

  private static void checkAgreement(ClusterSnapshot s, Workload w, RandomGenerator rnd) {
    int n = s.nodeCount();
    int[] nodes = shuffled(n, rnd);
    if (rnd.nextBoolean()) {
      java.util.Arrays.sort(nodes); // the engine's order: ascending node indices
    }
    int from = rnd.nextInt(Math.max(1, n / 3));
    int to = n - rnd.nextInt(Math.max(1, (n - from) / 3));
    for (Plugin plugin : plugins()) {
      CycleState state = new CycleState(s, w, false);
      if (plugin instanceof FilterPlugin f) {
        FilterResult pre = f.preFilter(state);
        if (pre.passed()) {
          FilterResult[] reported = new FilterResult[n];
          int[] last = {from - 1};
          f.filter(state, nodes, from, to, (index, result) -> {
            assertThat(index).as("%s reported index %d in batch [%d, %d) after %d", plugin.name(), index, from, to,
                last[0]).isGreaterThan(last[0]).isLessThan(to);
            last[0] = index;
            reported[index] = result;
          });
          for (int k = from; k < to; k++) {
            FilterResult alone = f.filter(state, nodes[k]);
            if (alone.passed()) {
              assertThat(reported[k]).as("%s rejected node %s of workload %s in a batch, not alone", plugin.name(),
                  s.node(nodes[k]).name(), w.key()).isNull();
            } else {
              assertThat(reported[k]).as("%s on node %s of workload %s", plugin.name(), s.node(nodes[k]).name(),
                  w.key()).isEqualTo(alone);
            }
          }
        }
      }
      if (plugin instanceof ScorePlugin sp) {
        sp.preScore(state, nodes, n);
        long[] batch = new long[n];
        java.util.Arrays.fill(batch, Long.MIN_VALUE);
        sp.score(state, nodes, from, to, batch);
        for (int k = 0; k < n; k++) {
          long expected = k < from || k >= to ? Long.MIN_VALUE : sp.score(state, nodes[k]);
          assertThat(batch[k]).as("%s score of slot %d (node %s) of workload %s, batch [%d, %d)", plugin.name(), k,
              s.node(nodes[k]).name(), w.key(), from, to).isEqualTo(expected);
        }
      }
    }
  }

  private static int[] shuffled(int n, RandomGenerator rnd) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
