package io.edgeplace.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import java.util.Map;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Resources;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Workload;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UnitHealth;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The default plugin set takes its thresholds from {@link PluginThresholds}; the defaults change nothing. */
class PluginThresholdsTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  /* One unit whose only node last sent a heartbeat two minutes ago: disconnected under the 50s default. */
  private static ClusterSnapshot quietUnit() {
    return ClusterSnapshot.builder().time(NOW)
        .node(Node.builder("n1", "hill").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW.minusSeconds(120)).build())
        .build();
  }

  private static NodeVerdict verdict(PluginThresholds t, ClusterSnapshot s, Workload w) {
    PlacementEngine e = DefaultPlugins.builder(ImagePlatformResolver.NONE,
        BandwidthReservations.create(InstantSource.fixed(NOW)), t).parallelismThreshold(Integer.MAX_VALUE).build();
    return e.explain(s, w).verdict("n1").orElseThrow();
  }

  @Test
  void defaults_areTheDocumentedConstants() {
    PluginThresholds d = PluginThresholds.DEFAULTS;
    assertThat(d.unitHealth().staleAfter()).isEqualTo(UnitHealth.DEFAULT_STALE_AFTER);
    assertThat(d.unitHealth().evictionAfter()).isEqualTo(UnitHealth.DEFAULT_EVICTION_AFTER);
    assertThat(d.defaultImageBytes()).isEqualTo(ImagePullCostPlugin.DEFAULT_IMAGE_BYTES);
    assertThat(d.unlimitedUplinkBitsPerSecond()).isEqualTo(ImagePullCostPlugin.DEFAULT_UNLIMITED_UPLINK);
    assertThat(d.trafficCosts()).isEqualTo(TrafficLocalityPlugin.CostModel.DEFAULT);
    assertThat(d.crossArchitectureCompatibility()).isFalse();
    assertThat(d.compatibleScore()).isEqualTo(ArchitecturePlugin.COMPATIBLE_SCORE);
    assertThat(d.spreadCapacity()).isEqualTo(UnitSpreadPlugin.Capacity.CPU);
  }

  @Test
  void staleAfter_decidesWhetherAQuietUnitIsDisconnected() {
    Workload w = Workload.builder("default", "web").build();
    NodeVerdict byDefault = verdict(PluginThresholds.DEFAULTS, quietUnit(), w);
    assertThat(byDefault.feasible()).isFalse();
    assertThat(byDefault.rejection().orElseThrow().reason()).isEqualTo(UnitConnectivityPlugin.REASON_UNIT_DISCONNECTED);
    assertThat(byDefault.rejection().orElseThrow().message()).contains("none within 50s");

    PluginThresholds patient = PluginThresholds.builder()
        .unitHealth(UnitHealth.of(Duration.ofMinutes(5), Duration.ofMinutes(10))).build();
    NodeVerdict v = verdict(patient, quietUnit(), w);
    assertThat(v.feasible()).as(v.toString()).isTrue();
    assertThat(v.notes().get(UnitConnectivityPlugin.NAME)).contains("connected");
  }

  @Test
  void architectureThresholds_letACompatibleNodeScoreWhatIsSet() {
    Workload pi = Workload.builder("default", "pi").containers(List.of(
        Container.of("app", "pi:1", Set.of(Platform.LINUX_ARM_V7)))).build();
    assertThat(verdict(PluginThresholds.DEFAULTS, fresh(), pi).feasible()).isFalse();
    NodeVerdict v = verdict(PluginThresholds.builder().crossArchitectureCompatibility(true).compatibleScore(70).build(),
        fresh(), pi);
    assertThat(v.feasible()).as(v.toString()).isTrue();
    assertThat(v.scores()).anySatisfy(s -> {
      assertThat(s.plugin()).isEqualTo(ArchitecturePlugin.NAME);
      assertThat(s.score()).isEqualTo(70);
    });
  }

  @Test
  void imagePullThresholds_showInTheExplanation() {
    Workload w = Workload.builder("default", "web").containers(List.of(
        Container.of("app", "big:1", Set.of()))).build();
    NodeVerdict v = verdict(PluginThresholds.builder().defaultImageBytes(1L << 30).unlimitedUplinkBitsPerSecond(8_000_000)
        .build(), fresh(), w);
    assertThat(v.notes().get(ImagePullCostPlugin.NAME)).contains("~1 GB (size unknown, assumed)")
        .contains("over 8 Mbit/s (uplink unlimited, assumed)");
  }

  private static int score(PluginThresholds t, ClusterSnapshot s, Workload w, String node, String plugin) {
    PlacementEngine e = DefaultPlugins.builder(ImagePlatformResolver.NONE,
        BandwidthReservations.create(InstantSource.fixed(NOW)), t).parallelismThreshold(Integer.MAX_VALUE).build();
    NodeVerdict v = e.explain(s, w).verdict(node).orElseThrow();
    return v.scores().stream().filter(x -> x.plugin().equals(plugin)).findFirst().orElseThrow(
        () -> new AssertionError(plugin + " did not score " + v)).score();
  }

  @Test
  void trafficCosts_reachTheTrafficLocalityPlugin() {
    // the peer runs in unit a; unit b shares its region, unit c is across the WAN
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(Node.builder("a1", "a").region("r1").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW).build())
        .node(Node.builder("b1", "b").region("r1").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW).build())
        .node(Node.builder("c1", "c").region("r2").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW).build())
        .pod(new PlacedPod("default", "db-0", "a1", Map.of("app", "db"), null, Resources.of(100, 0), 0, 0, List.of()))
        .build();
    Workload w = Workload.builder("default", "web")
        .trafficPeers(List.of(new TrafficPeer(LabelSelector.of("app", "db"), 10_000_000))).build();

    assertThat(score(PluginThresholds.DEFAULTS, s, w, "b1", TrafficLocalityPlugin.NAME))
        .as("same region, by default between same unit (100) and across the WAN (0)").isBetween(80, 99);
    PluginThresholds regionAsFarAsWan = PluginThresholds.builder()
        .trafficCosts(new TrafficLocalityPlugin.CostModel(1, 100, 100)).build();
    assertThat(score(regionAsFarAsWan, s, w, "b1", TrafficLocalityPlugin.NAME))
        .as("same region, costing as much as the WAN").isZero();
  }

  @Test
  void spreadCapacity_reachesTheUnitSpreadPlugin() {
    // unit big: one 16-CPU node; unit small: two 1-CPU nodes; one replica in each
    OwnerRef rs = new OwnerRef("ReplicaSet", "web-1", "uid-web");
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(Node.builder("big-1", "big").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW)
            .allocatable(Resources.of(16_000, 64L << 30)).build())
        .node(Node.builder("small-1", "small").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW)
            .allocatable(Resources.of(1_000, 4L << 30)).build())
        .node(Node.builder("small-2", "small").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW)
            .allocatable(Resources.of(1_000, 4L << 30)).build())
        .pod(new PlacedPod("default", "web-a", "big-1", Map.of("app", "web"), rs, Resources.of(100, 0), 0, 0, List.of()))
        .pod(new PlacedPod("default", "web-b", "small-1", Map.of("app", "web"), rs, Resources.of(100, 0), 0, 0,
            List.of()))
        .build();
    Workload w = Workload.builder("default", "web-new").labels(Map.of("app", "web")).owner(rs).build();
    PluginThresholds byNodes = PluginThresholds.builder().spreadCapacity(UnitSpreadPlugin.Capacity.NODES).build();

    assertThat(score(PluginThresholds.DEFAULTS, s, w, "big-1", UnitSpreadPlugin.NAME))
        .as("by CPU, the big unit is far below its share").isGreaterThan(
            score(PluginThresholds.DEFAULTS, s, w, "small-2", UnitSpreadPlugin.NAME));
    assertThat(score(byNodes, s, w, "big-1", UnitSpreadPlugin.NAME))
        .as("by node count, the small unit is the one below its share").isLessThan(
            score(byNodes, s, w, "small-2", UnitSpreadPlugin.NAME));
  }

  @Test
  void badValues_areRefusedAtOnce() {
    assertThatThrownBy(() -> PluginThresholds.builder().defaultImageBytes(0)).hasMessageContaining("is 0 bytes");
    assertThatThrownBy(() -> PluginThresholds.builder().unlimitedUplinkBitsPerSecond(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> PluginThresholds.builder().compatibleScore(101)).hasMessageContaining("101");
  }

  private static ClusterSnapshot fresh() {
    return ClusterSnapshot.builder().time(NOW)
        .node(Node.builder("n1", "hill").platform(Platform.LINUX_ARM64).lastHeartbeat(NOW).build())
        .build();
  }
}
