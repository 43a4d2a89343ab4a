package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.NOW;
import static io.edgeplace.core.plugins.Fixtures.heartbeat;
import static io.edgeplace.core.plugins.NetworkInvariantsTest.randomCluster;
import static io.edgeplace.core.plugins.NetworkInvariantsTest.randomWorkload;
import static io.edgeplace.core.plugins.NetworkInvariantsTest.withSeed;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The network plugins inside the engine, with the default plugin set. */
class NetworkEngineTest {

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  static java.util.stream.LongStream seeds() {
    return NetworkInvariantsTest.seeds();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void engine_placingPodByPodWithTheDefaultPlugins_neverOversubscribesAnUplink_inParallelAsInSequence(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      PlacementEngine sequential = DefaultPlugins.builder().parallelismThreshold(Integer.MAX_VALUE).build();
      PlacementEngine parallel = DefaultPlugins.builder().executor(pool).parallelismThreshold(1).build();
      for (int i = 0; i < 40; i++) {
        Workload w = randomWorkload(rnd, "w" + i);
        PlacementResult one = sequential.place(s, w);
        PlacementResult other = parallel.place(s, w);
        assertThat(other.feasibleNodes()).as("parallel ranking of %s", w.key()).isEqualTo(one.feasibleNodes());
        assertThat(other.rejections()).as("parallel rejections of %s", w.key()).isEqualTo(one.rejections());
        if (one.best().isPresent()) {
          s = s.withPod(PlacedPod.of(w, one.best().get().node()));
          NetworkInvariantsTest.assertUplinksHold(s, "after placing " + w.key());
        }
      }
    });
  }

  /*
   * The extender without --bind: it reserves on the best node and never sees the binding within
   * the test. The snapshot never changes, so only the reservations keep the uplinks honest.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void engine_reservingTheBestNodeWithoutFeedingItBack_neverOversubscribesAnUplink(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      BandwidthReservations book = BandwidthReservations.create(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(1));
      PlacementEngine engine = DefaultPlugins.builder(io.edgeplace.api.image.ImagePlatformResolver.NONE, book).build();
      // declared peer traffic of pods the snapshot does not show is not visible to later pods, so this test's
      // workloads declare none: reservations then carry every demand exactly
      for (int i = 0; i < 40; i++) {
        Workload w = randomWorkload(rnd, "w" + i).toBuilder().trafficPeers(java.util.List.of()).labels(Map.of()).build();
        PlacementResult r = engine.place(s, w);
        if (r.best().isEmpty()) {
          continue;
        }
        book.reserve(s, w, r.best().get().node());
        BandwidthReservations.Totals reserved = book.totals(s);
        for (int u = 0; u < s.unitCount(); u++) {
          Unit unit = s.unit(u);
          if (!unit.hasUplinkLimit()) {
            continue;
          }
          long cross = NetworkInvariantsTest.bruteCross(s, u);
          assertThat(s.unitIngressBitsPerSecond(u) + cross + reserved.ingress(u)).as("inbound on %s", unit.name())
              .isLessThanOrEqualTo(unit.uplinkBitsPerSecond());
          assertThat(s.unitEgressBitsPerSecond(u) + cross + reserved.egress(u)).as("outbound on %s", unit.name())
              .isLessThanOrEqualTo(unit.uplinkBitsPerSecond());
        }
      }
    });
  }

  @Test
  void explain_givesEveryNetworkPluginsNote() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).runtimeClass("kata", "kata-qemu")
        .unit(Fixtures.unit("shop-7", 10))
        .node(heartbeat("a1", "shop-7", 5, true).toBuilder().runtimeHandlers(Set.of("runc", "kata-qemu")).build())
        .node(heartbeat("b1", "hub", 5, true).toBuilder()
            .images(Map.of("docker.io/library/nginx:1.27", 180L << 20)).build())
        .build();
    Workload w = Workload.builder("default", "web").runtimeClassName("kata")
        .container(Container.of("web", "nginx:1.27", Set.of())).build();
    PlacementResult r = DefaultPlugins.builder().build().explain(s, w);
    NodeVerdict a1 = r.verdict("a1").orElseThrow();
    assertThat(a1.feasible()).isTrue();
    assertThat(a1.notes()).containsEntry(ImagePullCostPlugin.NAME, "pull nginx:1.27 ~180 MB over 10 Mbit/s ≈ 151 s")
        .containsEntry(UnitConnectivityPlugin.NAME, "unit \"shop-7\" connected, newest heartbeat 5s ago")
        .containsEntry(SandboxRuntimePlugin.NAME, "RuntimeClass \"kata\" needs handler \"kata-qemu\"; node \"a1\" "
            + "offers [kata-qemu, runc]")
        .containsEntry(TrafficLocalityPlugin.NAME, "no traffic peers");
    assertThat(a1.notes().get(UplinkBandwidthPlugin.NAME)).startsWith("unit \"shop-7\" uplink 10 Mbit/s each way");
    FilterResult.Rejection b1 = r.rejections().get("b1");
    assertThat(b1.plugin()).isEqualTo(SandboxRuntimePlugin.NAME);
  }

  @Test
  void place_rejectsEveryNodeOfADisconnectedUnitWithItsReason() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(heartbeat("a1", "shop-7", 300, true)).node(heartbeat("a2", "shop-7", 90, true))
        .node(heartbeat("b1", "hub", 5, true)).build();
    PlacementResult r = DefaultPlugins.builder().build().place(s, Fixtures.pod("web"));
    assertThat(r.feasibleNodes()).containsExactly("b1");
    assertThat(r.rejections().get("a1").reason()).isEqualTo(UnitConnectivityPlugin.REASON_UNIT_DISCONNECTED);
    assertThat(r.rejections().get("a2").message()).contains("unit \"shop-7\" is disconnected")
        .contains("newest heartbeat is 1m30s old");
  }
}
