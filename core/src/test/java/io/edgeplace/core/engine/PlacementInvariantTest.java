package io.edgeplace.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Platform;
import io.edgeplace.api.PluginScore;
import io.edgeplace.api.Workload;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.UnitAffinityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import io.edgeplace.core.testing.RandomClusters;
import io.edgeplace.core.testing.Seeds;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Seeded randomized invariants of the engine with the built-in plugins; a failure names its seed. */
class PlacementInvariantTest {

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static PlacementEngine sequential(boolean compatibility) {
    return engine(compatibility).parallelismThreshold(Integer.MAX_VALUE).build();
  }

  private static PlacementEngine parallel(boolean compatibility) {
    return engine(compatibility).executor(pool).parallelismThreshold(1).build();
  }

  private static PlacementEngine.Builder engine(boolean compatibility) {
    return PlacementEngine.builder()
        .filter(UnitAffinityPlugin.create())
        .plugin(ArchitecturePlugin.builder().crossArchitectureCompatibility(compatibility).build(), 10)
        .score(UnitSpreadPlugin.create(), 5);
  }

  private record Drawn(ClusterSnapshot snapshot, Workload workload, boolean compatibility) {
  }

  private static Drawn draw(RandomGenerator random) {
    ClusterSnapshot snapshot = RandomClusters.cluster(random, random.nextInt(300));
    return new Drawn(snapshot, RandomClusters.workload(random, snapshot), random.nextBoolean());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void normalizedScoresStayInRange_andTotalsAreTheirWeightedSum(long seed) {
    Seeds.check(seed, random -> {
      Drawn d = draw(random);
      PlacementResult result = sequential(d.compatibility()).explain(d.snapshot(), d.workload());
      for (NodeVerdict v : result.verdicts()) {
        long sum = 0;
        for (PluginScore s : v.scores()) {
          assertThat(s.score()).as(v.node() + " " + s.plugin()).isBetween(0, 100);
          sum += s.weighted();
        }
        assertThat(v.total()).isEqualTo(sum);
      }
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void resultDoesNotDependOnNodeOrder(long seed) {
    Seeds.check(seed, random -> {
      Drawn d = draw(random);
      ClusterSnapshot shuffled = RandomClusters.shuffled(d.snapshot(), random);
      PlacementEngine engine = sequential(d.compatibility());

      assertThat(engine.explain(shuffled, d.workload()).verdicts())
          .isEqualTo(engine.explain(d.snapshot(), d.workload()).verdicts());
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void noNodeOutsideAnImagesPlatformsIsEverFeasible(long seed) {
    Seeds.check(seed, random -> {
      Drawn d = draw(random);
      PlacementResult result = sequential(false).place(d.snapshot(), d.workload());
      for (String name : result.feasibleNodes()) {
        Node node = d.snapshot().node(name).orElseThrow();
        for (Container c : d.workload().allContainers()) {
          if (c.platformsKnown()) {
            assertThat(c.platforms()).as("image %s on feasible node %s", c.image(), name).contains(node.platform());
          }
        }
        if (!d.workload().requiredArchitectures().isEmpty()) {
          assertThat(d.workload().requiredArchitectures()).contains(node.platform().architecture());
        }
        if (!d.workload().allowedUnits().isEmpty()) {
          assertThat(d.workload().allowedUnits()).contains(node.unit());
        }
      }
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void compatibilityOnlyWidensArchitecture_neverAffinityOrUnits(long seed) {
    Seeds.check(seed, random -> {
      Drawn d = draw(random);
      List<String> strict = sequential(false).place(d.snapshot(), d.workload()).feasibleNodes();
      List<String> lenient = sequential(true).place(d.snapshot(), d.workload()).feasibleNodes();

      assertThat(lenient).containsAll(strict);
      for (String name : lenient) {
        Node node = d.snapshot().node(name).orElseThrow();
        if (!d.workload().requiredArchitectures().isEmpty()) {
          assertThat(d.workload().requiredArchitectures()).contains(node.platform().architecture());
        }
        if (!strict.contains(name)) {
          assertThat(node.platform()).isIn(Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
              Platform.of("linux", "arm", "v8"), Platform.LINUX_AMD64);
        }
      }
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void sameSeedGivesTheSameResult(long seed) {
    List<NodeVerdict> first = verdictsFor(seed);
    List<NodeVerdict> second = verdictsFor(seed);

    assertThat(second).as("seed %d", seed).isEqualTo(first);
  }

  private static List<NodeVerdict> verdictsFor(long seed) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    Drawn d = draw(random);
    return sequential(d.compatibility()).explain(d.snapshot(), d.workload()).verdicts();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void parallelAndSequentialEnginesGiveIdenticalResults(long seed) {
    Seeds.check(seed, random -> {
      ClusterSnapshot snapshot = RandomClusters.cluster(random, 300 + random.nextInt(1500));
      Workload workload = RandomClusters.workload(random, snapshot);
      boolean compatibility = random.nextBoolean();

      assertThat(parallel(compatibility).explain(snapshot, workload).verdicts())
          .isEqualTo(sequential(compatibility).explain(snapshot, workload).verdicts());
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void restrictingToAllNodeNamesChangesNothing(long seed) {
    Seeds.check(seed, random -> {
      Drawn d = draw(random);
      PlacementEngine engine = sequential(d.compatibility());
      List<String> names = d.snapshot().nodes().stream().map(Node::name).toList();

      assertThat(engine.place(d.snapshot(), d.workload(), names).verdicts())
          .isEqualTo(engine.place(d.snapshot(), d.workload()).verdicts());
    });
  }

  @org.junit.jupiter.api.Test
  void theRandomCasesReachEveryOutcome_soTheInvariantsAreNotVacuous() {
    java.util.Map<String, Integer> outcomes = new java.util.TreeMap<>();
    Seeds.seeds().forEach(seed -> {
      Drawn d = draw(new java.util.SplittableRandom(seed));
      PlacementResult result = sequential(d.compatibility()).place(d.snapshot(), d.workload());
      outcomes.merge("feasible", result.feasibleCount(), Integer::sum);
      result.rejections().values().forEach(r -> outcomes.merge(r.reason(), 1, Integer::sum));
    });

    assertThat(outcomes).containsKeys("feasible", ArchitecturePlugin.ARCHITECTURE_MISMATCH,
        ArchitecturePlugin.ARCHITECTURE_NOT_ALLOWED_BY_AFFINITY, UnitAffinityPlugin.UNIT_NOT_ALLOWED);
  }
}
