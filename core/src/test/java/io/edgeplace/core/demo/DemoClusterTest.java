package io.edgeplace.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoClusterTest {

  @Test
  void load_givesSeveralUnitsOfMixedArchitecturesAndUplinks() {
    ClusterSnapshot s = DemoCluster.load();
    assertThat(s.time()).isEqualTo(DemoCluster.TIME);
    assertThat(s.nodeCount()).isBetween(20, 30);
    assertThat(s.units()).extracting(Unit::name).containsExactly("cdn-frankfurt", "default", "factory-berlin",
        "shop-hamburg", "shop-munich", "toll-a9-north", "wind-farm-north");
    Set<Platform> platforms = s.nodes().stream().map(Node::platform).collect(Collectors.toSet());
    assertThat(platforms).containsExactlyInAnyOrder(Platform.LINUX_AMD64, Platform.LINUX_ARM64,
        Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6);
    assertThat(s.unit("toll-a9-north").orElseThrow().uplinkBitsPerSecond()).isEqualTo(10_000_000L);
    assertThat(s.unit("cdn-frankfurt").orElseThrow().uplinkBitsPerSecond()).isEqualTo(1_000_000_000L);
    assertThat(s.unit("cdn-frankfurt").orElseThrow().networkMode()).isEqualTo(NetworkMode.HOST_NETWORK);
    assertThat(s.unit("default").orElseThrow().hasUplinkLimit()).isFalse();
    assertThat(s.runtimeClassHandlers()).containsEntry("kata", "kata").containsEntry("gvisor", "gvisor");
  }

  @Test
  void load_takesTheFactoryUplinkFromItsNodePool() {
    Unit factory = DemoCluster.load().unit("factory-berlin").orElseThrow();
    assertThat(factory.uplinkBitsPerSecond()).isEqualTo(1_000_000_000L);
    assertThat(factory.uplinkLatency()).isEqualTo(Duration.ofMillis(5));
    assertThat(factory.networkMode()).isEqualTo(NetworkMode.PRIVATE_VXLAN);
  }

  @Test
  void load_hasOneDisconnectedUnitWhoseHeartbeatsAreMinutesOlderThanAllOthers() {
    ClusterSnapshot s = DemoCluster.load();
    for (Node n : s.nodes()) {
      Duration age = Duration.between(n.lastHeartbeat(), s.time());
      if (n.unit().equals(DemoCluster.DISCONNECTED_UNIT)) {
        assertThat(n.ready()).as(n.name()).isFalse();
        assertThat(age).as(n.name()).isGreaterThan(Duration.ofMinutes(10));
      } else {
        assertThat(n.ready()).as(n.name()).isTrue();
        assertThat(age).as(n.name()).isBetween(Duration.ZERO, Duration.ofMinutes(1));
      }
    }
  }

  @Test
  void load_placesRunningPodsOnlyAndCountsTheirBandwidthPerUnit() {
    ClusterSnapshot s = DemoCluster.load();
    assertThat(s.pod("factory", "nightly-report-29461440-kq7vz")).isEmpty();
    assertThat(s.pod("factory", "vision-inference-6f9c7d-pending")).isEmpty();
    assertThat(s.pod("factory", "mqtt-broker-0")).isPresent();
    int cdn = s.unitIndex("cdn-frankfurt");
    assertThat(s.unitEgressBitsPerSecond(cdn)).isEqualTo(3 * 200_000_000L + 20_000_000L);
    assertThat(s.podsMatching(io.edgeplace.api.LabelSelector.of("app", "broker"))).hasSize(1);
  }

  @Test
  void newestHeartbeat_isAFewSecondsBeforeTheDemoTime() {
    Instant newest = io.edgeplace.core.kube.SnapshotFiles.newestHeartbeat(DemoCluster.load()).orElseThrow();
    assertThat(Duration.between(newest, DemoCluster.TIME)).isBetween(Duration.ZERO, Duration.ofSeconds(30));
  }

  @Test
  void loadShiftedTo_keepsHeartbeatAgesOnALiveClock() {
    Instant now = Instant.parse("2030-06-01T08:00:00Z");
    ClusterSnapshot shifted = DemoCluster.loadShiftedTo(now);
    ClusterSnapshot original = DemoCluster.load();
    assertThat(shifted.time()).isEqualTo(now);
    for (Node n : original.nodes()) {
      Node m = shifted.node(n.name()).orElseThrow();
      assertThat(Duration.between(m.lastHeartbeat(), now)).isEqualTo(Duration.between(n.lastHeartbeat(), original.time()));
    }
    assertThat(shifted.podCount()).isEqualTo(original.podCount());
  }
}
