package io.edgeplace.samples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.Platform;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.kube.SnapshotFiles;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code samples/deploy} valid: every sample snapshot loads through the adapters into the
 * cluster its header describes, and every sample pod parses into the workload its comment
 * describes.
 */
class DeploySamplesTest {

  private static final Path DEPLOY = EmbeddedPlacementTest.DEPLOY;
  private static final Instant TAKEN = Instant.parse("2026-01-15T12:00:00Z");

  private static ClusterSnapshot snapshot(String name) throws Exception {
    return SnapshotFiles.create().load(DEPLOY.resolve("snapshots").resolve(name), TAKEN);
  }

  private static Workload pod(String name) throws Exception {
    List<Pod> pods = SnapshotFiles.create().readObjects(DEPLOY.resolve("pods").resolve(name)).pods();
    assertThat(pods).as(name).hasSize(1);
    return KubeAdapter.create().workload(pods.get(0));
  }

  @Test
  void everySampleFileIsCoveredHere() throws Exception {
    try (Stream<Path> files = Files.walk(DEPLOY)) {
      assertThat(files.filter(p -> p.toString().endsWith(".yaml")).map(p -> DEPLOY.relativize(p).toString()))
          .containsExactlyInAnyOrder("snapshots/edge-fleet.yaml", "snapshots/disconnected-unit.yaml",
              "pods/arm-only-pod.yaml", "pods/bandwidth-hungry-service.yaml", "pods/kata-sandbox-pod.yaml",
              "pods/gated-pod.yaml");
    }
  }

  @Test
  void edgeFleet_hasThreeUnitsWithTheirUplinks_aKataRuntimeClass_andTwoPlacedPods() throws Exception {
    ClusterSnapshot s = snapshot("edge-fleet.yaml");

    assertThat(s.nodeCount()).isEqualTo(6);
    assertThat(s.units()).extracting(Unit::name, Unit::uplinkBitsPerSecond).containsExactly(
        org.assertj.core.groups.Tuple.tuple("factory-berlin", 1_000_000_000L),
        org.assertj.core.groups.Tuple.tuple("shop-hamburg", 20_000_000L),
        org.assertj.core.groups.Tuple.tuple("shop-munich", 100_000_000L));
    assertThat(s.node("shop-munich-armhf-1").orElseThrow().platform()).isEqualTo(Platform.LINUX_ARM_V7);
    assertThat(s.node("shop-hamburg-armel-1").orElseThrow().platform()).isEqualTo(Platform.LINUX_ARM_V6);
    assertThat(s.node("factory-x86-1").orElseThrow().runtimeHandlers()).containsExactlyInAnyOrder("runc", "kata");
    assertThat(s.runtimeClassHandlers()).containsExactly(Map.entry("kata", "kata"));
    assertThat(s.pods()).extracting(p -> p.key() + "@" + p.nodeName())
        .containsExactly("factory/mqtt-broker-0@factory-x86-1", "factory/timescaledb-0@factory-x86-1");
    int factory = s.unitIndex("factory-berlin");
    assertThat(s.unitEgressBitsPerSecond(factory)).isEqualTo(70_000_000L);
  }

  @Test
  void disconnectedUnit_hasTheTollUnitNotReady_withHeartbeatsTwelveMinutesOld() throws Exception {
    ClusterSnapshot s = snapshot("disconnected-unit.yaml");

    assertThat(s.units()).extracting(Unit::name).containsExactly("toll-a9-north", "wind-farm-north");
    assertThat(s.nodes()).filteredOn(n -> n.unit().equals("toll-a9-north")).hasSize(2).allSatisfy(n -> {
      assertThat(n.ready()).isFalse();
      assertThat(n.lastHeartbeat()).isBefore(TAKEN.minusSeconds(11 * 60));
    });
    assertThat(s.node("wind-farm-arm64-1").orElseThrow().ready()).isTrue();
  }

  @Test
  void theExtenderSamplePods_askForTheEdgeplaceScheduler_andTheGatedOneForTheDefaultScheduler() throws Exception {
    for (String name : List.of("arm-only-pod.yaml", "bandwidth-hungry-service.yaml", "kata-sandbox-pod.yaml")) {
      Pod pod = SnapshotFiles.create().readObjects(DEPLOY.resolve("pods").resolve(name)).pods().get(0);
      assertThat(pod.getSpec().getSchedulerName()).as(name).isEqualTo("edgeplace-scheduler");
    }
    Pod gated = SnapshotFiles.create().readObjects(DEPLOY.resolve("pods/gated-pod.yaml")).pods().get(0);
    assertThat(gated.getSpec().getSchedulerName()).isNull();
  }

  @Test
  void armOnlyPod_declaresLinuxArm64AsItsOnlyPlatform() throws Exception {
    Workload w = pod("arm-only-pod.yaml");

    assertThat(w.key()).isEqualTo("factory/sensor-gateway");
    assertThat(w.containers()).singleElement().satisfies(c -> assertThat(c.platforms()).containsExactly(Platform.LINUX_ARM64));
  }

  @Test
  void bandwidthHungryService_demandsUplinkBandwidth_andTalksToTheBrokerAndTheDatabase() throws Exception {
    Workload w = pod("bandwidth-hungry-service.yaml");

    assertThat(w.ingressBitsPerSecond()).isEqualTo(40_000_000L);
    assertThat(w.egressBitsPerSecond()).isEqualTo(80_000_000L);
    assertThat(w.trafficPeers()).containsExactly(
        new TrafficPeer(LabelSelector.of("app", "broker"), 20_000_000L),
        new TrafficPeer(LabelSelector.of("app", "db"), 5_000_000L));
  }

  @Test
  void kataSandboxPod_namesTheKataRuntimeClass() throws Exception {
    Workload w = pod("kata-sandbox-pod.yaml");

    assertThat(w.runtimeClassName()).isEqualTo("kata");
    assertThat(w.containers()).singleElement().satisfies(c ->
        assertThat(c.platforms()).containsExactlyInAnyOrder(Platform.LINUX_AMD64, Platform.LINUX_ARM64));
  }

  @Test
  void gatedPod_carriesThePlacementGate_andMayRunInTheTwoShopsOnly() throws Exception {
    Pod pod = SnapshotFiles.create().readObjects(DEPLOY.resolve("pods/gated-pod.yaml")).pods().get(0);
    Workload w = KubeAdapter.create().workload(pod);

    assertThat(pod.getSpec().getSchedulingGates()).extracting(g -> g.getName())
        .containsExactly(WellKnownKeys.PLACEMENT_GATE);
    assertThat(w.allowedUnits()).isEqualTo(Set.of("shop-munich", "shop-hamburg"));
  }
}
