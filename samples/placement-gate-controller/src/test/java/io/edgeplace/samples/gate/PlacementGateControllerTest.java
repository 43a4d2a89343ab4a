package io.edgeplace.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.Platform;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.core.topology.KubernetesTopologySource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The controller against fabric8's mock API server in CRUD mode, on the sample fleet of
 * {@code samples/deploy/snapshots/edge-fleet.yaml}: factory-berlin (amd64 with kata, arm64),
 * shop-munich (arm64, arm/v7), shop-hamburg (arm64, arm/v6).
 */
class PlacementGateControllerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private MockApiServer server;
  private KubernetesClient client;
  private KubernetesTopologySource topology;
  private ScheduledExecutorService worker;
  private PlacementGateController controller;
  private final Map<String, Set<Platform>> registryImages = new ConcurrentHashMap<>();

  @BeforeEach
  void startCluster() throws Exception {
    server = new MockApiServer();
    client = server.client();
    SampleFleet.createOn(client);

    topology = KubernetesTopologySource.builder(client).pollInterval(Duration.ofMillis(50))
        .watchNodePools(false).build().start();
    worker = Executors.newSingleThreadScheduledExecutor();
    // a stand-in registry: an image's platforms are known once the test puts them here
    ImagePlatformResolver registry = image -> {
      Set<Platform> platforms = registryImages.get(image);
      return platforms == null ? ImagePlatforms.unknown("not in the test registry")
          : new ImagePlatforms(platforms, ImagePlatforms.Source.REGISTRY, "test registry");
    };
    controller = PlacementGateController.builder(client, topology).executor(worker).imagePlatformResolver(registry)
        .retryBackoff(Duration.ofMillis(100)).build().start();
    Await.until("the topology is live with the six nodes", WAIT,
        () -> topology.current().freshness().kind() == Freshness.Kind.LIVE
            && topology.current().snapshot().nodeCount() == 6, this::state);
  }

  @AfterEach
  void stop() throws InterruptedException {
    controller.close();
    topology.close();
    worker.shutdownNow();
    worker.awaitTermination(5, TimeUnit.SECONDS);
    client.close();
    server.close();
  }

  // ---- fixtures ----

  private static Pod gatedPod(String name, Map<String, String> annotations) throws Exception {
    return SampleFleet.gatedPod(name, annotations);
  }

  private Pod created(Pod pod) {
    return client.pods().resource(pod).create();
  }

  private Pod onServer(String name) {
    return client.pods().inNamespace("shops").withName(name).get();
  }

  private boolean released(String name) {
    Pod pod = onServer(name);
    return pod != null && pod.getSpec().getSchedulingGates().stream()
        .noneMatch(g -> g.getName().equals(WellKnownKeys.PLACEMENT_GATE));
  }

  private static List<NodeSelectorTerm> requiredTerms(Pod pod) {
    return pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  private static NodeSelectorRequirement in(String key, String... values) {
    return new NodeSelectorRequirement(key, "In", List.of(values));
  }

  private String state() {
    return "topology " + topology.current().freshness() + " with " + topology.current().snapshot().nodeCount()
        + " nodes; controller " + controller.status();
  }

  // ---- tests ----

  @Test
  void theSampleGatedPod_isReleasedWithTheFeasibleShopNodesAsItsRequiredAffinity() throws Exception {
    created(gatedPod("shop-display", Map.of(
        WellKnownKeys.PLATFORMS, "linux/arm64,linux/arm/v7",
        WellKnownKeys.ALLOWED_UNITS, "shop-munich,shop-hamburg")));

    Await.until("the gate is removed", WAIT, () -> released("shop-display"), this::state);

    // the arm/v6 node of shop-hamburg shares unit and arch label with feasible nodes: only hostnames are exact
    assertThat(requiredTerms(onServer("shop-display"))).containsExactly(new NodeSelectorTerm(
        List.of(in("kubernetes.io/hostname", "shop-hamburg-arm64-1", "shop-munich-arm64-1", "shop-munich-armhf-1")),
        List.of()));
    // the server has the update a moment before the controller counts it (after update() returns)
    Await.until("the controller counted the release", WAIT,
        () -> controller.status().released() >= 1 && controller.status().waiting().isEmpty(), this::state);
    assertThat(controller.status().released()).isEqualTo(1);
    assertThat(controller.status().waiting()).isEmpty();
  }

  @Test
  void anArm64OnlyPodOfTheShops_getsTheCompactUnitAndArchTerm() throws Exception {
    created(gatedPod("shop-gateway", Map.of(
        WellKnownKeys.PLATFORMS, "linux/arm64",
        WellKnownKeys.ALLOWED_UNITS, "shop-munich,shop-hamburg")));

    Await.until("the gate is removed", WAIT, () -> released("shop-gateway"), this::state);

    assertThat(requiredTerms(onServer("shop-gateway"))).containsExactly(new NodeSelectorTerm(
        List.of(in("edgeplace.io/unit", "shop-hamburg", "shop-munich"), in("kubernetes.io/arch", "arm64")),
        List.of()));
  }

  @Test
  void aPodWithItsOwnRequiredTerms_getsThemNarrowedNeverWidened_andKeepsOtherGates() throws Exception {
    Pod pod = new PodBuilder(gatedPod("shop-cache", Map.of(WellKnownKeys.PLATFORMS, "linux/arm64")))
        .editSpec()
          .addToSchedulingGates(new PodSchedulingGate("example.com/quota"))
          .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm().addToMatchExpressions(in("topology.kubernetes.io/region", "eu-north")).endNodeSelectorTerm()
            .addNewNodeSelectorTerm().addToMatchExpressions(in("edgeplace.io/unit", "shop-munich")).endNodeSelectorTerm()
          .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
        .endSpec().build();
    created(pod);

    Await.until("the placement gate is removed", WAIT, () -> released("shop-cache"), this::state);

    Pod after = onServer("shop-cache");
    assertThat(after.getSpec().getSchedulingGates()).extracting(PodSchedulingGate::getName)
        .containsExactly("example.com/quota");
    // the arm64 nodes, one per unit and each unit named by another label: hostnames, added to both terms
    NodeSelectorRequirement arm64 = in("kubernetes.io/hostname",
        "factory-arm64-1", "shop-hamburg-arm64-1", "shop-munich-arm64-1");
    assertThat(requiredTerms(after)).containsExactly(
        new NodeSelectorTerm(List.of(in("topology.kubernetes.io/region", "eu-north"), arm64), List.of()),
        new NodeSelectorTerm(List.of(in("edgeplace.io/unit", "shop-munich"), arm64), List.of()));
  }

  @Test
  void aBandwidthHungryPod_isKeptToOneUnit_andTheNextOneIsNotLetIntoTheUplinkItReserved() throws Exception {
    // 500 Mbit/s out: only the factory's 1 Gbit/s uplink (930 Mbit/s left) carries it, and only once
    Map<String, String> hungry = Map.of(WellKnownKeys.PLATFORMS, "linux/amd64,linux/arm64",
        WellKnownKeys.EGRESS_BANDWIDTH, "500M");
    created(gatedPod("uploader-1", hungry));
    Await.until("the first is released", WAIT, () -> released("uploader-1"), this::state);
    assertThat(requiredTerms(onServer("uploader-1"))).containsExactly(new NodeSelectorTerm(
        List.of(in("apps.openyurt.io/nodepool", "factory-berlin")), List.of()));

    created(gatedPod("uploader-2", hungry));
    Await.until("the second waits", WAIT, () -> controller.status().waiting().containsKey("shops/uploader-2"),
        this::state);
    assertThat(controller.status().waiting().get("shops/uploader-2"))
        .startsWith("no feasible node:").contains("uplink-bandwidth/UplinkBandwidthExceeded=");
    assertThat(released("uploader-2")).isFalse();

    client.pods().inNamespace("shops").withName("uploader-1").delete();
    Await.until("the second is released once the first, never bound, is gone", WAIT, () -> released("uploader-2"),
        this::state);
  }

  @Test
  void aPodWhoseImagePlatformsAreNotKnownYet_waits_andIsReleasedByArchitectureOnceTheRegistryAnswers()
      throws Exception {
    created(gatedPod("shop-camera", Map.of(WellKnownKeys.ALLOWED_UNITS, "shop-munich,shop-hamburg")));

    Await.until("the pod waits for its image's platforms", WAIT,
        () -> controller.status().waiting().getOrDefault("shops/shop-camera", "")
            .startsWith("platforms of image \"ghcr.io/acme/shop-display:1.0\" are not known yet (not in the test registry)"),
        this::state);
    assertThat(released("shop-camera")).isFalse();

    registryImages.put("ghcr.io/acme/shop-display:1.0", Set.of(Platform.LINUX_ARM64));
    Await.until("the gate is removed", WAIT, () -> released("shop-camera"), this::state);
    assertThat(requiredTerms(onServer("shop-camera"))).containsExactly(new NodeSelectorTerm(
        List.of(in("edgeplace.io/unit", "shop-hamburg", "shop-munich"), in("kubernetes.io/arch", "arm64")),
        List.of()));
  }

  @Test
  void aPodWithAMalformedAnnotation_staysGated_namingTheAnnotationAndItsValue() throws Exception {
    created(gatedPod("typo", Map.of(WellKnownKeys.PLATFORMS, "linux-arm64")));

    Await.until("the pod waits", WAIT, () -> controller.status().waiting().containsKey("shops/typo"), this::state);
    assertThat(controller.status().waiting().get("shops/typo"))
        .startsWith("cannot be read: ").contains("edgeplace.io/platforms").contains("linux-arm64");
    assertThat(released("typo")).isFalse();
  }

  @Test
  void aPodNoNodeCanRun_staysGatedSayingWhy_untilANodeForItJoins() throws Exception {
    created(gatedPod("mainframe-job", Map.of(WellKnownKeys.PLATFORMS, "linux/s390x")));

    Await.until("the pod waits", WAIT, () -> controller.status().waiting().containsKey("shops/mainframe-job"),
        this::state);
    assertThat(controller.status().waiting().get("shops/mainframe-job"))
        .startsWith("no feasible node: 6 nodes, rejected {architecture/ArchitectureMismatch=6}");
    assertThat(released("mainframe-job")).isFalse();

    client.nodes().resource(new NodeBuilder().withNewMetadata().withName("shop-munich-s390x-1")
        .withLabels(Map.of("edgeplace.io/unit", "shop-munich", "kubernetes.io/arch", "s390x",
            "kubernetes.io/os", "linux", "kubernetes.io/hostname", "shop-munich-s390x-1"))
        .endMetadata().withNewStatus().addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("8"))
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime(Instant.now().toString())
        .endCondition().endStatus().build()).create();

    Await.until("the gate is removed once the node joined", WAIT, () -> released("mainframe-job"), this::state);
    assertThat(requiredTerms(onServer("mainframe-job"))).containsExactly(new NodeSelectorTerm(
        List.of(in("edgeplace.io/unit", "shop-munich"), in("kubernetes.io/arch", "s390x")), List.of()));
  }

  @Test
  void anApiServerOutageInTheMiddle_losesNoPod_andTheControllerResumesWhenTheServerReturns() throws Exception {
    // hold the worker, so that the decision on the next pod falls inside the outage
    CountDownLatch hold = new CountDownLatch(1);
    worker.execute(() -> {
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    created(gatedPod("during-outage", Map.of(WellKnownKeys.PLATFORMS, "linux/arm64")));
    Await.until("the controller has queued the pod", WAIT, () -> controller.status().queued() == 1, this::state);

    server.stop();
    hold.countDown();
    Await.until("the update failed and the pod waits for a retry", WAIT,
        () -> controller.status().failedWrites() >= 1
            && controller.status().waiting().getOrDefault("shops/during-outage", "").startsWith("update failed"),
        this::state);
    Await.until("the topology turned stale", WAIT,
        () -> topology.current().freshness().kind() == Freshness.Kind.STALE, this::state);
    assertThat(topology.current().snapshot().nodeCount()).as("decisions go on from what was known").isEqualTo(6);

    server.restart();
    Await.until("the pod is released after the server returned", WAIT, () -> released("during-outage"), this::state);
    assertThat(requiredTerms(onServer("during-outage"))).singleElement()
        .satisfies(t -> assertThat(t.getMatchExpressions()).isNotEmpty());

    created(gatedPod("after-outage", Map.of(WellKnownKeys.PLATFORMS, "linux/arm64")));
    Await.until("a pod created after the outage is released too", WAIT, () -> released("after-outage"), this::state);
    Await.until("the controller counted both releases", WAIT,
        () -> controller.status().released() >= 2 && controller.status().waiting().isEmpty(), this::state);
    assertThat(controller.status().released()).isEqualTo(2);
    assertThat(controller.status().waiting()).isEmpty();
  }
}
