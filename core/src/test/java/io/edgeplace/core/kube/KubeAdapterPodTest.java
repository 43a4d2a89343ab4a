package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.Toleration;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Workload;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeAdapterPodTest {

  private static final KubeAdapter ADAPTER = KubeAdapter.create();

  private static io.fabric8.kubernetes.api.model.Container container(String name, String cpu, String memory) {
    return new ContainerBuilder().withName(name).withImage("ghcr.io/acme/" + name + ":1")
        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory))).endResources()
        .build();
  }

  private static PodBuilder pod(String name, Map<String, String> annotations) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace("shop").withLabels(Map.of("app", "pos"))
        .withAnnotations(annotations).endMetadata()
        .withNewSpec().withContainers(container("main", "250m", "128Mi")).endSpec();
  }

  private static NodeSelectorTerm term(String key, String op, String... values) {
    return new NodeSelectorTermBuilder().withMatchExpressions(new NodeSelectorRequirement(key, op, List.of(values))).build();
  }

  private static Pod withAffinity(Pod base, NodeSelectorTerm... terms) {
    return new PodBuilder(base).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();
  }

  @Test
  void workload_readsEveryFieldPlacementNeeds() {
    Pod k = new PodBuilder(pod("pos-1", Map.of(
        "edgeplace.io/platforms", "linux/arm64,linux/arm/v7",
        "kubernetes.io/ingress-bandwidth", "10M",
        "kubernetes.io/egress-bandwidth", "1Mi",
        "edgeplace.io/traffic-peers", "app=broker:20M,app=db&tier=edge:5M",
        "edgeplace.io/allowed-units", "shop-1,shop-2")).build())
        .editMetadata().addNewOwnerReference().withKind("ReplicaSet").withName("pos-abc").withUid("u-1")
        .withController(true).endOwnerReference().endMetadata()
        .editSpec().withInitContainers(container("init", "1", "64Mi")).withRuntimeClassName("kata")
        .withNodeSelector(Map.of("disk", "ssd"))
        .addNewToleration().withKey("edge").withOperator("Exists").withEffect("NoSchedule").endToleration()
        .addNewToleration().withKey("zone").withValue("a").endToleration()
        .endSpec().build();
    Workload w = ADAPTER.workload(k);
    Set<Platform> arm = Set.of(Platform.LINUX_ARM64, Platform.LINUX_ARM_V7);
    assertThat(w.key()).isEqualTo("shop/pos-1");
    assertThat(w.containers()).containsExactly(new Container("main", "ghcr.io/acme/main:1", arm, Resources.of(250, 128L << 20)));
    assertThat(w.initContainers()).containsExactly(new Container("init", "ghcr.io/acme/init:1", arm, Resources.of(1000, 64L << 20)));
    assertThat(w.requests()).isEqualTo(new Resources(1000, 128L << 20, 0, 1));
    assertThat(w.ingressBitsPerSecond()).isEqualTo(10_000_000L);
    assertThat(w.egressBitsPerSecond()).isEqualTo(1L << 20);
    assertThat(w.trafficPeers()).containsExactly(new TrafficPeer(LabelSelector.of("app", "broker"), 20_000_000L),
        new TrafficPeer(new LabelSelector(Map.of("app", "db", "tier", "edge")), 5_000_000L));
    assertThat(w.runtimeClassName()).isEqualTo("kata");
    assertThat(w.allowedUnits()).containsExactlyInAnyOrder("shop-1", "shop-2");
    assertThat(w.requiredArchitectures()).isEmpty();
    assertThat(w.nodeSelector()).containsExactly(Map.entry("disk", "ssd"));
    assertThat(w.tolerations()).containsExactly(new Toleration("edge", true, "", TaintEffect.NO_SCHEDULE),
        new Toleration("zone", false, "a", null));
    assertThat(w.owner()).isEqualTo(new OwnerRef("ReplicaSet", "pos-abc", "u-1"));
    assertThat(w.labels()).containsEntry("app", "pos");
  }

  @Test
  void workload_withoutPlatformsAnnotationHasUnknownPlatforms() {
    Workload w = ADAPTER.workload(pod("p", Map.of()).build());
    assertThat(w.containers()).allSatisfy(c -> assertThat(c.platformsKnown()).isFalse());
    assertThat(w.ingressBitsPerSecond()).isZero();
    assertThat(w.trafficPeers()).isEmpty();
    assertThat(w.owner()).isNull();
    assertThat(w.runtimeClassName()).isNull();
  }

  static Stream<Arguments> effectiveRequests() {
    return Stream.of(
        Arguments.of("app containers add up",
            List.of(container("a", "250m", "100Mi"), container("b", "500m", "200Mi")), List.of(), Map.of(),
            new Resources(750, 300L << 20, 0, 1)),
        Arguments.of("a larger init container wins per resource",
            List.of(container("a", "250m", "100Mi")), List.of(container("i", "2", "50Mi")), Map.of(),
            new Resources(2000, 100L << 20, 0, 1)),
        Arguments.of("a sidecar init container adds to the app containers",
            List.of(container("a", "250m", "100Mi")),
            List.of(new ContainerBuilder(container("s", "100m", "10Mi")).withRestartPolicy("Always").build()), Map.of(),
            new Resources(350, 110L << 20, 0, 1)),
        Arguments.of("an init container after a sidecar runs beside it",
            List.of(container("a", "100m", "10Mi")),
            List.of(new ContainerBuilder(container("s", "100m", "10Mi")).withRestartPolicy("Always").build(),
                container("i", "1", "10Mi")), Map.of(),
            new Resources(1100, 20L << 20, 0, 1)),
        Arguments.of("pod overhead is added",
            List.of(container("a", "250m", "100Mi")), List.of(), Map.of("cpu", new Quantity("250m"), "memory", new Quantity("60Mi")),
            new Resources(500, 160L << 20, 0, 1)),
        Arguments.of("a limit without a request is requested at the limit",
            List.of(new ContainerBuilder().withName("l").withImage("x").withNewResources()
                .withLimits(Map.of("cpu", new Quantity("1"), "memory", new Quantity("1Gi")))
                .withRequests(Map.of("cpu", new Quantity("100m"))).endResources().build()), List.of(), Map.of(),
            new Resources(100, 1L << 30, 0, 1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void effectiveRequests(String sentence, List<io.fabric8.kubernetes.api.model.Container> containers,
                         List<io.fabric8.kubernetes.api.model.Container> inits, Map<String, Quantity> overhead,
                         Resources expected) {
    Pod k = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().withContainers(containers)
        .withInitContainers(inits).withOverhead(overhead).endSpec().build();
    assertThat(ADAPTER.workload(k).requests()).isEqualTo(expected);
    assertThat(ADAPTER.placedPod(new PodBuilder(k).editSpec().withNodeName("n").endSpec().build()).orElseThrow().requests())
        .isEqualTo(expected);
  }

  static Stream<Arguments> affinities() {
    Pod base = pod("p", Map.of()).build();
    return Stream.of(
        Arguments.of("a required affinity on the unit label allows those units",
            withAffinity(base, term("edgeplace.io/unit", "In", "shop-1", "shop-2")), Set.of("shop-1", "shop-2"), Set.of()),
        Arguments.of("terms are ORed: their units are joined",
            withAffinity(base, term("edgeplace.io/unit", "In", "shop-1"), term("apps.openyurt.io/nodepool", "In", "pool-9")),
            Set.of("shop-1", "pool-9"), Set.of()),
        Arguments.of("a term that leaves the unit free leaves every unit allowed",
            withAffinity(base, term("edgeplace.io/unit", "In", "shop-1"), term("disk", "In", "ssd")), Set.of(), Set.of()),
        Arguments.of("NotIn on the unit label is not read as allowed units",
            withAffinity(base, term("edgeplace.io/unit", "NotIn", "shop-1")), Set.of(), Set.of()),
        Arguments.of("a required affinity on the arch gives the required architectures",
            withAffinity(base, term("kubernetes.io/arch", "In", "arm64", "arm")), Set.of(), Set.of("arm64", "arm")),
        Arguments.of("an arch affinity in only one of two terms is never widened into a constraint",
            withAffinity(base, term("kubernetes.io/arch", "In", "arm64"), term("disk", "In", "ssd")), Set.of(), Set.of()),
        Arguments.of("two arch expressions in one term intersect",
            withAffinity(base, new NodeSelectorTermBuilder().withMatchExpressions(
                new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("arm64", "amd64")),
                new NodeSelectorRequirement("kubernetes.io/arch", "In", List.of("amd64"))).build()), Set.of(), Set.of("amd64")),
        Arguments.of("a node selector on the arch is a required architecture",
            new PodBuilder(base).editSpec().withNodeSelector(Map.of("kubernetes.io/arch", "arm64")).endSpec().build(),
            Set.of(), Set.of("arm64")),
        Arguments.of("the allowed-units annotation and the affinity intersect",
            withAffinity(pod("p", Map.of("edgeplace.io/allowed-units", "shop-1,shop-2")).build(),
                term("edgeplace.io/unit", "In", "shop-2", "shop-3")), Set.of("shop-2"), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void affinities(String sentence, Pod k, Set<String> units, Set<String> archs) {
    Workload w = ADAPTER.workload(k);
    assertThat(w.allowedUnits()).isEqualTo(units);
    assertThat(w.requiredArchitectures()).isEqualTo(archs);
  }

  static Stream<Arguments> badPods() {
    return Stream.of(
        Arguments.of("a malformed platforms annotation is refused",
            pod("p", Map.of("edgeplace.io/platforms", "linux")).build(),
            "metadata.annotations[\"edgeplace.io/platforms\"]", "linux"),
        Arguments.of("a malformed ingress bandwidth is refused",
            pod("p", Map.of("kubernetes.io/ingress-bandwidth", "10 Mbit")).build(),
            "metadata.annotations[\"kubernetes.io/ingress-bandwidth\"]", "10 Mbit"),
        Arguments.of("a malformed traffic peer is refused",
            pod("p", Map.of("edgeplace.io/traffic-peers", "broker:20M")).build(),
            "metadata.annotations[\"edgeplace.io/traffic-peers\"]", "broker:20M"),
        Arguments.of("a malformed container request is refused",
            new PodBuilder(pod("p", Map.of()).build()).editSpec().withContainers(container("c", "lots", "1Gi")).endSpec().build(),
            "spec.containers[0].resources.requests[\"cpu\"]", "lots"),
        Arguments.of("allowed units that contradict the affinity are refused",
            withAffinity(pod("p", Map.of("edgeplace.io/allowed-units", "shop-1")).build(), term("edgeplace.io/unit", "In", "shop-2")),
            "metadata.annotations[\"edgeplace.io/allowed-units\"]", "shop-1"),
        Arguments.of("an unknown toleration operator is refused",
            new PodBuilder(pod("p", Map.of()).build()).editSpec().addNewToleration().withKey("k").withOperator("Maybe")
                .endToleration().endSpec().build(), "spec.tolerations[0].operator", "Maybe"),
        Arguments.of("a pod without a name is refused", new PodBuilder().withNewMetadata().endMetadata().build(),
            "metadata.name", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void badPods(String sentence, Pod k, String field, String value) {
    assertThatThrownBy(() -> ADAPTER.workload(k))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.value()).isEqualTo(value);
          assertThat(e.getMessage()).startsWith("Pod").contains(field);
        });
  }

  @Test
  void placedPod_skipsUnboundAndTerminatedPods() {
    Pod bound = pod("p", Map.of("kubernetes.io/egress-bandwidth", "5M")).editSpec().withNodeName("edge-1").endSpec().build();
    assertThat(ADAPTER.placedPod(pod("p", Map.of()).build())).isEmpty();
    assertThat(ADAPTER.placedPod(new PodBuilder(bound).withNewStatus().withPhase("Succeeded").endStatus().build())).isEmpty();
    assertThat(ADAPTER.placedPod(new PodBuilder(bound).withNewStatus().withPhase("Failed").endStatus().build())).isEmpty();
    PlacedPod p = ADAPTER.placedPod(new PodBuilder(bound).withNewStatus().withPhase("Running").endStatus().build()).orElseThrow();
    assertThat(p.nodeName()).isEqualTo("edge-1");
    assertThat(p.key()).isEqualTo("shop/p");
    assertThat(p.egressBitsPerSecond()).isEqualTo(5_000_000L);
    assertThat(p.requests()).isEqualTo(new Resources(250, 128L << 20, 0, 1));
  }

  @Test
  void placedPod_doesNotReadAnnotationsAPlacedPodDoesNotNeed() {
    Pod bound = pod("p", Map.of("edgeplace.io/platforms", "nonsense")).editSpec().withNodeName("n").endSpec().build();
    assertThat(ADAPTER.placedPod(bound)).isPresent();
  }

  @Test
  void podWithoutNamespaceIsInTheDefaultNamespace() {
    Pod k = new PodBuilder().withNewMetadata().withName("p").endMetadata().build();
    assertThat(ADAPTER.workload(k).namespace()).isEqualTo("default");
  }

  @Test
  void snapshot_buildsAWholeClusterFromFabric8Objects() {
    io.fabric8.kubernetes.api.model.Node n1 = KubeAdapterNodeTest.node("edge-1",
        Map.of("edgeplace.io/unit", "shop", "kubernetes.io/arch", "arm64"), Map.of("edgeplace.io/uplink-bandwidth", "20M"));
    io.fabric8.kubernetes.api.model.Node n2 = KubeAdapterNodeTest.node("edge-2",
        Map.of("edgeplace.io/unit", "shop", "kubernetes.io/arch", "arm"), Map.of());
    Pod placed = pod("a", Map.of("kubernetes.io/egress-bandwidth", "5M")).editSpec().withNodeName("edge-1").endSpec().build();
    Pod pending = pod("b", Map.of()).build();
    Instant t = Instant.parse("2026-01-15T12:00:00Z");
    ClusterSnapshot s = ADAPTER.snapshot(List.of(n2, n1), List.of(placed, pending),
        List.of(new RuntimeClassBuilder().withNewMetadata().withName("kata").endMetadata().withHandler("kata-qemu").build()),
        List.of(), t);
    assertThat(s.time()).isEqualTo(t);
    assertThat(s.nodes()).extracting(io.edgeplace.api.Node::name).containsExactly("edge-1", "edge-2");
    assertThat(s.node("edge-2").orElseThrow().platform()).isEqualTo(Platform.LINUX_ARM_V7);
    assertThat(s.unit("shop").orElseThrow().uplinkBitsPerSecond()).isEqualTo(20_000_000L);
    assertThat(s.podCount()).isEqualTo(1);
    assertThat(s.unitEgressBitsPerSecond(s.unitIndex("shop"))).isEqualTo(5_000_000L);
    assertThat(s.requested(s.nodeIndex("edge-1"))).isEqualTo(new Resources(250, 128L << 20, 0, 1));
    assertThat(s.runtimeClassHandlers()).containsExactly(Map.entry("kata", "kata-qemu"));
  }

  @Test
  void runtimeClass_withoutHandlerIsRefused() {
    assertThatThrownBy(() -> ADAPTER.runtimeClass(new RuntimeClassBuilder().withNewMetadata().withName("kata").endMetadata().build()))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("RuntimeClass kata: handler");
  }
}
