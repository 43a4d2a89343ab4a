package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.MBIT;
import static io.edgeplace.core.plugins.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.Plugin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded randomized invariants of the network plugins together. Each failure names its seed;
 * rerun one with {@code -Dedgeplace.seed=<seed>}.
 */
class NetworkInvariantsTest {

  private static final List<String> APPS = List.of("broker", "db", "cam", "ui", "cache");
  private static final List<String> IMAGES = List.of("nginx:1.27", "docker.io/library/redis:7", "ghcr.io/org/cam:2");

  static LongStream seeds() {
    String fixed = System.getProperty("edgeplace.seed");
    if (fixed != null) {
      return LongStream.of(Long.parseLong(fixed));
    }
    return LongStream.range(0, 30).map(i -> 0x5EED_0000L + i * 7919);
  }

  private static Plugin[] plugins() {
    return new Plugin[] {UnitConnectivityPlugin.create(), SandboxRuntimePlugin.create(), UplinkBandwidthPlugin.create(),
        TrafficLocalityPlugin.create(), ImagePullCostPlugin.create()};
  }

  private static final Map<String, Set<String>> REASONS = Map.of(
      UnitConnectivityPlugin.NAME, Set.of(UnitConnectivityPlugin.REASON_UNIT_DISCONNECTED,
          UnitConnectivityPlugin.REASON_NODE_STALE, UnitConnectivityPlugin.REASON_NODE_NOT_READY),
      SandboxRuntimePlugin.NAME, Set.of(SandboxRuntimePlugin.REASON_HANDLER_MISSING,
          SandboxRuntimePlugin.REASON_CLASS_NOT_FOUND),
      UplinkBandwidthPlugin.NAME, Set.of(UplinkBandwidthPlugin.REASON_EXCEEDED),
      TrafficLocalityPlugin.NAME, Set.of(TrafficLocalityPlugin.REASON_PEER_UPLINK_EXCEEDED));

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aPodIsNeverAdmittedIntoADisconnectedUnit(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      for (int i = 0; i < 10; i++) {
        Cycle c = Cycle.run(s, randomWorkload(rnd, "w" + i), plugins());
        for (String node : c.totals.keySet()) {
          String unit = s.node(node).orElseThrow().unit();
          assertThat(disconnected(s, unit)).as("node %s of unit %s was admitted", node, unit).isFalse();
        }
      }
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void placingPodByPodNeverOversubscribesAnUplink(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      int placed = 0;
      for (int i = 0; i < 60; i++) {
        Workload w = randomWorkload(rnd, "w" + i);
        Cycle c = Cycle.run(s, w, plugins());
        List<String> ranking = c.ranking();
        if (ranking.isEmpty()) {
          continue;
        }
        s = s.withPod(PlacedPod.of(w, ranking.get(0)));
        placed++;
        assertUplinksHold(s, "after placing " + w.key() + " on " + ranking.get(0));
      }
      assertThat(placed).as("the workload placed at least one pod").isPositive();
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void aRejectedNodeAlwaysCarriesAReasonFromItsPlugin(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      for (int i = 0; i < 20; i++) {
        Workload w = randomWorkload(rnd, "w" + i);
        Cycle c = Cycle.run(s, w, plugins());
        c.filter.forEach((node, r) -> {
          if (r instanceof FilterResult.Rejection rej) {
            assertThat(REASONS).as("plugin of %s", rej).containsKey(rej.plugin());
            assertThat(REASONS.get(rej.plugin())).as("reason of %s", rej).contains(rej.reason());
            assertThat(rej.message()).as("message of %s", rej).isNotBlank();
          }
        });
        if (!c.totals.isEmpty()) {
          s = s.withPod(PlacedPod.of(w, c.ranking().get(0)));
        }
      }
    });
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void incrementalPeerTrafficEqualsAFullRecount(long seed) {
    withSeed(seed, () -> {
      RandomGenerator rnd = new SplittableRandom(seed);
      ClusterSnapshot s = randomCluster(rnd);
      List<PlacedPod> live = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        if (!live.isEmpty() && rnd.nextInt(4) == 0) {
          PlacedPod gone = live.remove(rnd.nextInt(live.size()));
          s = s.withoutPod(gone.namespace(), gone.name());
        } else {
          Workload w = randomWorkload(rnd, "p" + rnd.nextInt(50));
          PlacedPod p = PlacedPod.of(w, s.node(rnd.nextInt(s.nodeCount())).name());
          live.removeIf(q -> q.key().equals(p.key()));
          live.add(p);
          s = s.withPod(p);
        }
        ClusterSnapshot rebuilt = s.toBuilder().build();
        for (int u = 0; u < s.unitCount(); u++) {
          long expected = bruteCross(s, u);
          assertThat(s.unitPeerBitsPerSecond(u)).as("unit %s after change %d", s.unit(u).name(), i).isEqualTo(expected);
          assertThat(rebuilt.unitPeerBitsPerSecond(u)).as("rebuilt unit %s", s.unit(u).name()).isEqualTo(expected);
        }
      }
    });
  }

  static void assertUplinksHold(ClusterSnapshot s, String when) {
    for (int u = 0; u < s.unitCount(); u++) {
      Unit unit = s.unit(u);
      if (!unit.hasUplinkLimit()) {
        continue;
      }
      long cross = bruteCross(s, u);
      long in = cross;
      long out = cross;
      for (PlacedPod p : s.pods()) {
        if (s.node(p.nodeName()).orElseThrow().unit().equals(unit.name())) {
          in += p.ingressBitsPerSecond();
          out += p.egressBitsPerSecond();
        }
      }
      assertThat(in).as("inbound load on unit %s (%d bit/s) %s", unit.name(), unit.uplinkBitsPerSecond(), when)
          .isLessThanOrEqualTo(unit.uplinkBitsPerSecond());
      assertThat(out).as("outbound load on unit %s (%d bit/s) %s", unit.name(), unit.uplinkBitsPerSecond(), when)
          .isLessThanOrEqualTo(unit.uplinkBitsPerSecond());
    }
  }

  /* Cross-unit declared peer traffic through unit u's uplink, by looking at every pair of pods. */
  static long bruteCross(ClusterSnapshot s, int u) {
    String name = s.unit(u).name();
    long sum = 0;
    List<PlacedPod> pods = s.pods();
    for (PlacedPod a : pods) {
      String ua = s.node(a.nodeName()).orElseThrow().unit();
      for (TrafficPeer tp : a.trafficPeers()) {
        for (PlacedPod b : pods) {
          String ub = s.node(b.nodeName()).orElseThrow().unit();
          if (!ua.equals(ub) && (ua.equals(name) || ub.equals(name)) && tp.selector().matches(b.labels())) {
            sum += tp.bitsPerSecond();
          }
        }
      }
    }
    return sum;
  }

  /* A unit is disconnected when it has a known heartbeat and no node is heard from within 50s (or ready without one). */
  private static boolean disconnected(ClusterSnapshot s, String unit) {
    boolean known = false;
    for (Node n : s.nodes()) {
      if (!n.unit().equals(unit)) {
        continue;
      }
      if (n.lastHeartbeat() == null) {
        if (n.ready()) {
          return false;
        }
        continue;
      }
      known = true;
      if (Duration.between(n.lastHeartbeat(), s.time()).compareTo(UnitHealth.DEFAULT_STALE_AFTER) <= 0) {
        return false;
      }
    }
    return known;
  }

  static ClusterSnapshot randomCluster(RandomGenerator rnd) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(NOW).runtimeClass("kata", "kata-qemu");
    int units = 3 + rnd.nextInt(6);
    String[] regions = {"eu", "us", ""};
    for (int u = 0; u < units; u++) {
      String name = "unit-" + u;
      long capacity = rnd.nextInt(5) == 0 ? Unit.UNLIMITED : (20 + rnd.nextInt(180)) * MBIT;
      b.unit(new Unit(name, regions[rnd.nextInt(3)], capacity, Duration.ofMillis(rnd.nextInt(200)),
          NetworkMode.UNKNOWN));
      int mode = rnd.nextInt(4); // 0, 1 healthy; 2 degraded; 3 disconnected
      int size = 1 + rnd.nextInt(4);
      for (int k = 0; k < size; k++) {
        Node.Builder nb = Node.builder(name + "-n" + k, name).ready(rnd.nextInt(10) != 0);
        long age = switch (mode) {
          case 3 -> 51 + rnd.nextInt(600);
          case 2 -> rnd.nextBoolean() ? rnd.nextInt(50) : 51 + rnd.nextInt(600);
          default -> rnd.nextInt(51);
        };
        nb.lastHeartbeat(rnd.nextInt(12) == 0 ? null : NOW.minusSeconds(age));
        nb.runtimeHandlers(rnd.nextInt(3) == 0 ? Set.of("runc", "kata-qemu") : Set.of("runc"));
        Map<String, Long> images = new HashMap<>();
        for (String image : IMAGES) {
          if (rnd.nextInt(3) == 0) {
            images.put(ImageReferences.spellings(image).get(rnd.nextInt(ImageReferences.spellings(image).size())),
                (10L + rnd.nextInt(300)) << 20);
          }
        }
        b.node(nb.images(images).build());
      }
    }
    return b.build();
  }

  static Workload randomWorkload(RandomGenerator rnd, String name) {
    List<TrafficPeer> peers = new ArrayList<>();
    int count = rnd.nextInt(3);
    for (int i = 0; i < count; i++) {
      peers.add(new TrafficPeer(LabelSelector.of("app", APPS.get(rnd.nextInt(APPS.size()))),
          (1 + rnd.nextInt(10)) * MBIT));
    }
    return Workload.builder("default", name)
        .labels(Map.of("app", APPS.get(rnd.nextInt(APPS.size()))))
        .container(Container.of("main", IMAGES.get(rnd.nextInt(IMAGES.size())), Set.of()))
        .ingressBitsPerSecond(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(30) * MBIT)
        .egressBitsPerSecond(rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(30) * MBIT)
        .trafficPeers(peers)
        .runtimeClassName(rnd.nextInt(8) == 0 ? "kata" : null)
        .build();
  }

  static void withSeed(long seed, Runnable body) {
    try {
      body.run();
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + " (rerun with -Dedgeplace.seed=" + seed + "): " + e.getMessage(), e);
    }
  }
}
