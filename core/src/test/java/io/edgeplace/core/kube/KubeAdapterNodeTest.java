package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.Unit;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KubeAdapterNodeTest {

  private static final KubeAdapter ADAPTER = KubeAdapter.create();

  static io.fabric8.kubernetes.api.model.Node node(String name, Map<String, String> labels, Map<String, String> annotations) {
    return new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels).withAnnotations(annotations).endMetadata()
        .withNewStatus()
        .withAllocatable(Map.of("cpu", new Quantity("3500m"), "memory", new Quantity("8Gi"),
            "ephemeral-storage", new Quantity("100G"), "pods", new Quantity("110")))
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("2026-01-15T11:59:30Z").endCondition()
        .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").endNodeInfo()
        .addNewImage().withNames("docker.io/library/nginx@sha256:abc", "docker.io/library/nginx:1.27").withSizeBytes(72_955_450L).endImage()
        .endStatus()
        .build();
  }

  static Stream<Arguments> units() {
    return Stream.of(
        Arguments.of("the edgeplace unit label comes first", Map.of("edgeplace.io/unit", "shop-1",
            "apps.openyurt.io/nodepool", "pool-1", "topology.kubernetes.io/zone", "zone-1"), "shop-1"),
        Arguments.of("an OpenYurt node pool comes before KubeEdge and zone", Map.of("apps.openyurt.io/nodepool", "pool-1",
            "apps.kubeedge.io/belonging-to", "group-1", "topology.kubernetes.io/zone", "zone-1"), "pool-1"),
        Arguments.of("a KubeEdge node group comes before the zone", Map.of("apps.kubeedge.io/belonging-to", "group-1",
            "topology.kubernetes.io/zone", "zone-1"), "group-1"),
        Arguments.of("the zone is the last resort", Map.of("topology.kubernetes.io/zone", "zone-1"), "zone-1"),
        Arguments.of("an empty unit label is skipped", Map.of("edgeplace.io/unit", "", "topology.kubernetes.io/zone", "zone-1"), "zone-1"),
        Arguments.of("a node without any unit label is in the default unit", Map.of(), "default"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void units(String sentence, Map<String, String> labels, String expectedUnit) {
    assertThat(ADAPTER.node(node("n1", labels, Map.of())).unit()).isEqualTo(expectedUnit);
  }

  @Test
  void node_unitLabelChainIsConfigurable() {
    KubeAdapter custom = KubeAdapter.create(AdapterConfig.builder().unitLabels(List.of("example.com/site"))
        .defaultUnit("cloud").build());
    assertThat(custom.node(node("n1", Map.of("example.com/site", "s-7", "edgeplace.io/unit", "u"), Map.of())).unit())
        .isEqualTo("s-7");
    assertThat(custom.node(node("n1", Map.of("edgeplace.io/unit", "u"), Map.of())).unit()).isEqualTo("cloud");
    KubeAdapter own = KubeAdapter.create(AdapterConfig.builder().unitPerUnlabeledNode().build());
    assertThat(own.node(node("lonely-1", Map.of(), Map.of())).unit()).isEqualTo("lonely-1");
  }

  static Stream<Arguments> platforms() {
    return Stream.of(
        Arguments.of("an amd64 node", Map.of("kubernetes.io/arch", "amd64", "kubernetes.io/os", "linux"), Platform.LINUX_AMD64),
        Arguments.of("an arm64 node is arm64/v8", Map.of("kubernetes.io/arch", "arm64"), Platform.LINUX_ARM64),
        Arguments.of("an arm node without a variant is arm/v7", Map.of("kubernetes.io/arch", "arm"), Platform.LINUX_ARM_V7),
        Arguments.of("an arm node with variant v6 is arm/v6", Map.of("kubernetes.io/arch", "arm", "edgeplace.io/arch-variant", "v6"),
            Platform.LINUX_ARM_V6),
        Arguments.of("a variant on an amd64 node is not read", Map.of("kubernetes.io/arch", "amd64", "edgeplace.io/arch-variant", "v7"),
            Platform.LINUX_AMD64),
        Arguments.of("the beta arch label is a fallback", Map.of("beta.kubernetes.io/arch", "arm64"), Platform.LINUX_ARM64),
        Arguments.of("status.nodeInfo is the last fallback", Map.of(), Platform.LINUX_AMD64),
        Arguments.of("a windows node keeps its os", Map.of("kubernetes.io/arch", "amd64", "kubernetes.io/os", "windows"),
            Platform.of("windows", "amd64", "")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void platforms(String sentence, Map<String, String> labels, Platform expected) {
    assertThat(ADAPTER.node(node("n1", labels, Map.of())).platform()).isEqualTo(expected);
  }

  @Test
  void node_readsEveryFieldPlacementNeeds() {
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder(node("edge-1",
        Map.of("kubernetes.io/arch", "arm64", "edgeplace.io/unit", "shop-1", "topology.kubernetes.io/region", "eu-north"),
        Map.of("edgeplace.io/runtime-handlers", "runc,kata")))
        .withNewSpec().withUnschedulable(true).addNewTaint().withKey("edge").withValue("true").withEffect("NoSchedule").endTaint()
        .endSpec().build();
    Node n = ADAPTER.node(k);
    assertThat(n.name()).isEqualTo("edge-1");
    assertThat(n.unit()).isEqualTo("shop-1");
    assertThat(n.region()).isEqualTo("eu-north");
    assertThat(n.allocatable()).isEqualTo(new Resources(3500, 8L << 30, 100_000_000_000L, 110));
    assertThat(n.requested()).isEqualTo(Resources.ZERO);
    assertThat(n.runtimeHandlers()).containsExactlyInAnyOrder("runc", "kata");
    assertThat(n.images()).containsEntry("docker.io/library/nginx:1.27", 72_955_450L)
        .containsEntry("docker.io/library/nginx@sha256:abc", 72_955_450L);
    assertThat(n.ready()).isTrue();
    assertThat(n.lastHeartbeat()).isEqualTo(Instant.parse("2026-01-15T11:59:30Z"));
    assertThat(n.taints()).containsExactly(new Taint("edge", "true", TaintEffect.NO_SCHEDULE));
    assertThat(n.unschedulable()).isTrue();
    assertThat(n.labels()).containsEntry("edgeplace.io/unit", "shop-1");
  }

  @Test
  void node_withoutStatusOrLabelsStillConvertsWhenItsArchIsKnown() {
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder().withNewMetadata().withName("bare")
        .withLabels(Map.of("kubernetes.io/arch", "amd64")).endMetadata().build();
    Node n = ADAPTER.node(k);
    assertThat(n.allocatable()).isEqualTo(Resources.ZERO);
    assertThat(n.ready()).isFalse();
    assertThat(n.lastHeartbeat()).isNull();
    assertThat(n.runtimeHandlers()).containsExactly("runc");
  }

  static Stream<Arguments> heartbeats() {
    return Stream.of(
        Arguments.of("the usual UTC second form", "2026-01-15T11:59:30Z", "2026-01-15T11:59:30Z"),
        Arguments.of("an offset is converted to UTC", "2026-01-15T12:59:30+01:00", "2026-01-15T11:59:30Z"),
        Arguments.of("fractional seconds are kept", "2026-01-15T11:59:30.250Z", "2026-01-15T11:59:30.250Z"),
        Arguments.of("the last day of a month", "2024-02-29T23:59:59Z", "2024-02-29T23:59:59Z"));
  }

  @ParameterizedTest(name = "heartbeat: {0}")
  @MethodSource
  void heartbeats(String sentence, String text, String expected) {
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of()))
        .editStatus().editFirstCondition().withLastHeartbeatTime(text).endCondition().endStatus().build();
    assertThat(ADAPTER.node(k).lastHeartbeat()).isEqualTo(Instant.parse(expected));
  }

  @Test
  void node_anImpossibleDateIsRefused() {
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of()))
        .editStatus().editFirstCondition().withLastHeartbeatTime("2026-02-30T00:00:00Z").endCondition().endStatus().build();
    assertThatThrownBy(() -> ADAPTER.node(k)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("status.conditions[0].lastHeartbeatTime = \"2026-02-30T00:00:00Z\"");
  }

  @Test
  void node_notReadyWhenTheReadyConditionIsUnknown() {
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of()))
        .editStatus().editFirstCondition().withStatus("Unknown").endCondition().endStatus().build();
    assertThat(ADAPTER.node(k).ready()).isFalse();
  }

  static Stream<Arguments> badNodes() {
    return Stream.of(
        Arguments.of("a node without a name is refused",
            new NodeBuilder().withNewMetadata().endMetadata().build(), "metadata.name", ""),
        Arguments.of("a node without any architecture is refused",
            new NodeBuilder().withNewMetadata().withName("n").endMetadata().build(),
            "metadata.labels[\"kubernetes.io/arch\"]", ""),
        Arguments.of("a malformed CPU is refused",
            new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of())).editStatus()
                .withAllocatable(Map.of("cpu", new Quantity("four"))).endStatus().build(),
            "status.allocatable[\"cpu\"]", "four"),
        Arguments.of("a malformed heartbeat is refused",
            new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of())).editStatus().editFirstCondition()
                .withLastHeartbeatTime("yesterday").endCondition().endStatus().build(),
            "status.conditions[0].lastHeartbeatTime", "yesterday"),
        Arguments.of("a malformed runtime handler list is refused",
            node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of("edgeplace.io/runtime-handlers", "runc;kata")),
            "metadata.annotations[\"edgeplace.io/runtime-handlers\"]", "runc;kata"),
        Arguments.of("an unknown taint effect is refused",
            new NodeBuilder(node("n", Map.of("kubernetes.io/arch", "amd64"), Map.of())).withNewSpec().addNewTaint()
                .withKey("k").withEffect("Sometimes").endTaint().endSpec().build(),
            "spec.taints[0].effect", "Sometimes"),
        Arguments.of("an architecture with a slash is refused",
            node("n", Map.of("kubernetes.io/arch", "arm/v7"), Map.of()), "metadata.labels[\"kubernetes.io/arch\"]", "arm/v7"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void badNodes(String sentence, io.fabric8.kubernetes.api.model.Node k, String field, String value) {
    assertThatThrownBy(() -> ADAPTER.node(k))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.value()).isEqualTo(value);
          assertThat(e.getMessage()).contains(field).contains("\"" + value + "\"").startsWith("Node");
        });
  }

  @Test
  void node_ignoringInvalidValuesTreatsThemAsAbsent() {
    KubeAdapter lenient = KubeAdapter.create(AdapterConfig.builder().invalidValues(AdapterConfig.InvalidValues.IGNORE).build());
    io.fabric8.kubernetes.api.model.Node k = new NodeBuilder(node("n", Map.of(), Map.of("edgeplace.io/runtime-handlers", "A;B")))
        .editStatus().withAllocatable(Map.of("cpu", new Quantity("four"), "memory", new Quantity("1Gi"))).endStatus().build();
    Node n = lenient.node(k);
    assertThat(n.platform()).isEqualTo(Platform.LINUX_AMD64);
    assertThat(n.allocatable()).isEqualTo(new Resources(0, 1L << 30, 0, 0));
    assertThat(n.runtimeHandlers()).containsExactly("runc");
  }

  // ---- units ----

  private static Node apiNode(String name, String unit, Map<String, String> annotations) {
    return ADAPTER.node(node(name, Map.of("edgeplace.io/unit", unit, "kubernetes.io/arch", "amd64"), annotations));
  }

  private static GenericKubernetesResource nodePool(String name, Map<String, String> annotations) {
    return new GenericKubernetesResourceBuilder().withApiVersion("apps.openyurt.io/v1beta2").withKind("NodePool")
        .withNewMetadata().withName(name).withAnnotations(annotations).endMetadata().build();
  }

  @Test
  void units_takeTheUplinkFromTheirNodes() {
    Map<String, String> uplink = Map.of("edgeplace.io/uplink-bandwidth", "100M", "edgeplace.io/uplink-latency", "40ms",
        "edgeplace.io/network-mode", "public-vxlan");
    List<Unit> units = ADAPTER.units(List.of(apiNode("a", "shop", uplink), apiNode("b", "shop", uplink),
        apiNode("c", "cloud", Map.of())), List.of());
    assertThat(units).containsExactly(Unit.unlimited("cloud", ""),
        new Unit("shop", "", 100_000_000L, Duration.ofMillis(40), NetworkMode.PUBLIC_VXLAN));
  }

  @Test
  void units_conflictingNodeValuesAreResolvedConservatively() {
    List<Unit> units = ADAPTER.units(List.of(
        apiNode("a", "shop", Map.of("edgeplace.io/uplink-bandwidth", "100M", "edgeplace.io/uplink-latency", "20ms",
            "edgeplace.io/network-mode", "private-vxlan")),
        apiNode("b", "shop", Map.of("edgeplace.io/uplink-bandwidth", "50M", "edgeplace.io/uplink-latency", "80ms",
            "edgeplace.io/network-mode", "public-vxlan")),
        apiNode("c", "shop", Map.of())), List.of());
    assertThat(units).containsExactly(new Unit("shop", "", 50_000_000L, Duration.ofMillis(80), NetworkMode.PUBLIC_VXLAN));
  }

  @Test
  void units_aNodePoolTakesPrecedenceOverItsNodes() {
    List<Unit> units = ADAPTER.units(List.of(
            apiNode("a", "pool-1", Map.of("edgeplace.io/uplink-bandwidth", "100M", "edgeplace.io/uplink-latency", "20ms")),
            apiNode("b", "pool-1", Map.of("edgeplace.io/uplink-bandwidth", "50M"))),
        List.of(nodePool("pool-1", Map.of("edgeplace.io/uplink-bandwidth", "1G", "edgeplace.io/network-mode", "host-network")),
            nodePool("pool-empty", Map.of("edgeplace.io/uplink-bandwidth", "10M"))));
    assertThat(units).containsExactly(
        new Unit("pool-1", "", 1_000_000_000L, Duration.ofMillis(20), NetworkMode.HOST_NETWORK),
        new Unit("pool-empty", "", 10_000_000L, Duration.ZERO, NetworkMode.UNKNOWN));
  }

  @Test
  void units_aBadNodePoolAnnotationNamesThePool() {
    assertThatThrownBy(() -> ADAPTER.units(List.of(), List.of(nodePool("p", Map.of("edgeplace.io/uplink-latency", "soon")))))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.object()).isEqualTo("NodePool p");
          assertThat(e.field()).isEqualTo("metadata.annotations[\"edgeplace.io/uplink-latency\"]");
          assertThat(e.value()).isEqualTo("soon");
        });
  }

  @Test
  void units_aBadNodeAnnotationNamesTheNode() {
    assertThatThrownBy(() -> ADAPTER.units(List.of(apiNode("n-7", "u", Map.of("edgeplace.io/uplink-bandwidth", "0"))), List.of()))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.object()).isEqualTo("Node n-7");
          assertThat(e.getMessage()).contains("must be positive");
        });
  }

  @Test
  void units_takeTheRegionOfTheirFirstNodeThatHasOne() {
    Node a = ADAPTER.node(node("a", Map.of("edgeplace.io/unit", "u", "kubernetes.io/arch", "amd64"), Map.of()));
    Node b = ADAPTER.node(node("b", Map.of("edgeplace.io/unit", "u", "kubernetes.io/arch", "amd64",
        "topology.kubernetes.io/region", "eu"), Map.of()));
    assertThat(ADAPTER.units(List.of(b, a), List.of())).extracting(Unit::region).containsExactly("eu");
    assertThat(Set.of(a.unit())).containsExactly("u");
  }
}
