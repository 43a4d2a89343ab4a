package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Platform;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SnapshotFilesTest {

  private static final Instant T = Instant.parse("2026-01-15T12:00:00Z");
  private static final SnapshotFiles FILES = SnapshotFiles.builder().clock(InstantSource.fixed(T)).build();

  static final String NODE_JSON = """
      {"apiVersion":"v1","kind":"Node","metadata":{"name":"edge-1","labels":{"kubernetes.io/arch":"arm",
       "edgeplace.io/unit":"shop"},"annotations":{"edgeplace.io/uplink-bandwidth":"20M"},
       "managedFields":[{"manager":"kubelet","fieldsV1":{"f:status":{"f:conditions":{}}}}]},
       "status":{"allocatable":{"cpu":"4","memory":"4Gi","pods":"110"},
        "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"2026-01-15T11:59:50Z"}],
        "images":[{"names":["nginx:1.27"],"sizeBytes":1000}]}}""";
  static final String POD_JSON = """
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-0","namespace":"shop","labels":{"app":"web"},
       "annotations":{"kubernetes.io/egress-bandwidth":"5M"}},
       "spec":{"nodeName":"edge-1","containers":[{"name":"web","image":"nginx:1.27",
        "resources":{"requests":{"cpu":"250m","memory":"64Mi"}}}]},"status":{"phase":"Running"}}""";
  static final String NODE_YAML = """
      apiVersion: v1
      kind: Node
      metadata:
        name: edge-1
        labels:
          kubernetes.io/arch: arm
          edgeplace.io/unit: shop
        annotations:
          edgeplace.io/uplink-bandwidth: 20M
      status:
        allocatable:
          cpu: 4
          memory: 4Gi
          pods: "110"
        conditions:
        - type: Ready
          status: "True"
          lastHeartbeatTime: "2026-01-15T11:59:50Z"
        images:
        - names: [nginx:1.27]
          sizeBytes: 1000
      """;
  static final String POD_YAML = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: web-0
        namespace: shop
        labels: {app: web}
        annotations:
          kubernetes.io/egress-bandwidth: 5M
      spec:
        nodeName: edge-1
        containers:
        - name: web
          image: nginx:1.27
          resources:
            requests: {cpu: 250m, memory: 64Mi}
      status:
        phase: Running
      """;

  private static String indent(String yaml, String prefix) {
    return yaml.lines().map(l -> prefix + l).reduce((a, b) -> a + "\n" + b).orElse("") + "\n";
  }

  private static String yamlItem(String yaml) {
    String[] lines = yaml.split("\n");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      sb.append(i == 0 ? "- " : "  ").append(lines[i]).append('\n');
    }
    return sb.toString();
  }

  private static String withoutKind(String objectJson) {
    String stripped = objectJson.replaceFirst("\"apiVersion\":\"v1\",\"kind\":\"(Node|Pod)\",", "");
    assertThat(stripped).as("the fixture lost its kind and apiVersion").isNotEqualTo(objectJson);
    return stripped;
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        Arguments.of("a JSON List of nodes and pods, as kubectl get nodes,pods -o json prints it",
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"},\"items\":[" + NODE_JSON + ","
                + POD_JSON + "]}", 1, 1),
        Arguments.of("a JSON NodeList", "{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"items\":[" + NODE_JSON + "]}", 1, 0),
        Arguments.of("a JSON PodList", "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[" + POD_JSON + "]}", 0, 1),
        Arguments.of("a NodeList and a PodList as the API server sends them, items without kind or apiVersion",
            "[{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"items\":[" + withoutKind(NODE_JSON) + "]},"
                + "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[" + withoutKind(POD_JSON) + "]}]", 1, 1),
        Arguments.of("a single JSON node", NODE_JSON, 1, 0),
        Arguments.of("a JSON array of objects", "[" + NODE_JSON + "," + POD_JSON + "]", 1, 1),
        Arguments.of("JSON with a byte order mark and leading blanks", "\uFEFF \n" + NODE_JSON, 1, 0),
        Arguments.of("a YAML List, as kubectl get nodes,pods -o yaml prints it",
            "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n" + yamlItem(NODE_YAML) + yamlItem(POD_YAML), 1, 1),
        Arguments.of("a YAML NodeList with indented items", "apiVersion: v1\nkind: NodeList\nitems:\n" + indent(yamlItem(NODE_YAML), "  "), 1, 0),
        Arguments.of("a YAML PodList", "kind: PodList\napiVersion: v1\nitems:\n" + yamlItem(POD_YAML), 0, 1),
        Arguments.of("a single YAML node", NODE_YAML, 1, 0),
        Arguments.of("several YAML documents", "---\n" + NODE_YAML + "---\n" + POD_YAML + "---\n", 1, 1),
        Arguments.of("a List nested in a List",
            "kind: List\nitems:\n- kind: NodeList\n  items:\n" + indent(yamlItem(NODE_YAML), "  "), 1, 0),
        Arguments.of("a List whose items are null", "kind: List\napiVersion: v1\nitems: null\n", 0, 0),
        Arguments.of("kinds edgeplace does not read are skipped",
            "kind: List\nitems:\n- kind: Service\n  apiVersion: v1\n  metadata: {name: web}\n" + yamlItem(NODE_YAML), 1, 0));
  }

  @Test
  void aNodesLeaseInKubeNodeLease_isItsHeartbeatWhenNewer() throws Exception {
    String leases = """
        kind: List
        apiVersion: v1
        items:
        - apiVersion: coordination.k8s.io/v1
          kind: Lease
          metadata: {name: edge-1, namespace: kube-node-lease}
          spec: {holderIdentity: edge-1, leaseDurationSeconds: 40, renewTime: "2026-01-15T12:03:10.123456Z"}
        - apiVersion: coordination.k8s.io/v1
          kind: Lease
          metadata: {name: edge-1, namespace: kube-system}
          spec: {holderIdentity: someone, renewTime: "2026-01-15T13:00:00.000000Z"}
        - apiVersion: coordination.k8s.io/v1
          kind: Lease
          metadata: {name: edge-2, namespace: kube-node-lease}
          spec: {holderIdentity: edge-2, renewTime: "2026-01-15T11:00:00.000000Z"}
        """;
    ClusterSnapshot s = FILES.read("cluster.yaml", ("---\n" + NODE_YAML + "---\n"
        + NODE_YAML.replace("edge-1", "edge-2") + "---\n" + leases).getBytes(StandardCharsets.UTF_8), T);

    assertThat(s.node("edge-1").orElseThrow().lastHeartbeat()).as("the node Lease, newer than the condition")
        .isEqualTo(Instant.parse("2026-01-15T12:03:10.123456Z"));
    assertThat(s.node("edge-2").orElseThrow().lastHeartbeat()).as("an older Lease leaves the condition's")
        .isEqualTo(Instant.parse("2026-01-15T11:59:50Z"));
    assertThat(SnapshotFiles.newestHeartbeat(s)).contains(Instant.parse("2026-01-15T12:03:10.123456Z"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void shapes(String sentence, String content, int nodes, int pods) throws Exception {
    ClusterSnapshot s = FILES.read("cluster.txt", content.getBytes(StandardCharsets.UTF_8), T);
    assertThat(s.nodeCount()).isEqualTo(nodes);
    assertThat(s.podCount()).isEqualTo(pods);
    if (nodes == 1) {
      io.edgeplace.api.Node n = s.node("edge-1").orElseThrow();
      assertThat(n.platform()).isEqualTo(Platform.LINUX_ARM_V7);
      assertThat(n.allocatable().milliCpu()).isEqualTo(4000);
      assertThat(n.images()).containsEntry("nginx:1.27", 1000L);
      assertThat(n.lastHeartbeat()).isEqualTo(Instant.parse("2026-01-15T11:59:50Z"));
      assertThat(s.unit("shop").orElseThrow().uplinkBitsPerSecond()).isEqualTo(20_000_000L);
    }
    if (pods == 1) {
      assertThat(s.pod("shop", "web-0").orElseThrow().egressBitsPerSecond()).isEqualTo(5_000_000L);
    }
  }

  @Test
  void load_readsAFileAtTheClocksTimeOrAGivenTime(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("snap.yaml");
    Files.writeString(file, NODE_YAML);
    assertThat(FILES.load(file).time()).isEqualTo(T);
    assertThat(FILES.load(file, T.plusSeconds(60)).time()).isEqualTo(T.plusSeconds(60));
  }

  @Test
  void readObjects_returnsTheFabric8ObjectsIncludingRuntimeClassesAndNodePools() throws Exception {
    String yaml = "kind: List\nitems:\n" + yamlItem(NODE_YAML) + yamlItem(POD_YAML)
        + "- apiVersion: node.k8s.io/v1\n  kind: RuntimeClass\n  metadata: {name: kata}\n  handler: kata\n"
        + "- apiVersion: apps.openyurt.io/v1beta2\n  kind: NodePool\n  metadata:\n    name: shop\n"
        + "    annotations: {edgeplace.io/uplink-bandwidth: 1G}\n  spec: {type: Edge}\n";
    KubeObjects o = FILES.readObjects("c.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(o.nodes()).hasSize(1);
    assertThat(o.pods()).hasSize(1);
    assertThat(o.runtimeClasses()).singleElement().satisfies(rc -> assertThat(rc.getHandler()).isEqualTo("kata"));
    assertThat(o.nodePools()).singleElement().satisfies(p -> assertThat(p.getMetadata().getName()).isEqualTo("shop"));
    ClusterSnapshot s = FILES.read("c.yaml", yaml.getBytes(StandardCharsets.UTF_8), T);
    assertThat(s.unit("shop").orElseThrow().uplinkBitsPerSecond()).isEqualTo(1_000_000_000L);
    assertThat(s.runtimeClassHandlers()).containsEntry("kata", "kata");
  }

  @Test
  void yamlKeepsTheTextOfNumbersInStringFields() throws Exception {
    String yaml = NODE_YAML.replace("edgeplace.io/uplink-bandwidth: 20M", "edgeplace.io/uplink-bandwidth: 20e6\n    version: 1.10");
    ClusterSnapshot s = FILES.read("c.yaml", yaml.getBytes(StandardCharsets.UTF_8), T);
    assertThat(s.node("edge-1").orElseThrow().annotations()).containsEntry("version", "1.10");
    assertThat(s.unit("shop").orElseThrow().uplinkBitsPerSecond()).isEqualTo(20_000_000L);
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        Arguments.of("an empty file is refused", "  \n", "", "", "is empty"),
        Arguments.of("broken JSON names the line", "{\"kind\": \"List\",\n \"items\": [}", "", "", "line 2"),
        Arguments.of("broken YAML is refused", "kind: List\nitems: [\n", "", "", "is not valid YAML"),
        Arguments.of("a duplicate YAML key names the key and line", "kind: Node\nkind: Pod\n", "", "", "line 2: key \"kind\" appears twice"),
        Arguments.of("a scalar document is refused", "hello\n", "", "hello", "is not a Kubernetes object"),
        Arguments.of("an object without a kind is refused", "metadata: {name: x}\n", "the object", "", "kind"),
        Arguments.of("items that are not a list are refused", "kind: List\nitems: 3\n", "List", "3", "is not a list"),
        Arguments.of("a node with a bad uplink names node, annotation and value",
            NODE_YAML.replace("uplink-bandwidth: 20M", "uplink-bandwidth: fast"), "Node edge-1",
            "fast", "metadata.annotations[\"edgeplace.io/uplink-bandwidth\"]"),
        Arguments.of("a node with a bad CPU names the field", NODE_YAML.replace("cpu: 4", "cpu: four"), "Node edge-1",
            "four", "status.allocatable[\"cpu\"]"),
        Arguments.of("an item in a List is named by its index",
            "kind: List\nitems:\n" + yamlItem(POD_YAML.replace("egress-bandwidth: 5M", "egress-bandwidth: 5Mbps")),
            "items[0] Pod shop/web-0", "5Mbps", "metadata.annotations[\"kubernetes.io/egress-bandwidth\"]"),
        Arguments.of("a field of the wrong type names its path and value",
            NODE_YAML.replace("sizeBytes: 1000", "sizeBytes: [1]"), "Node edge-1", "[1]", "status.images[0].sizeBytes"),
        Arguments.of("labels that are not a mapping are refused",
            NODE_YAML.replace("  labels:\n    kubernetes.io/arch: arm\n    edgeplace.io/unit: shop\n", "  labels: 7\n"),
            "Node edge-1", "7", "metadata.labels"),
        Arguments.of("metadata that is not a mapping is refused", "kind: Node\nmetadata: [a]\n", "Node (unnamed)", "[a]", "metadata"),
        Arguments.of("a node without a name is refused", "kind: Node\nmetadata: {}\n", "Node (unnamed)", "", "metadata.name"),
        Arguments.of("a node listed twice is refused", "---\n" + NODE_YAML + "---\n" + NODE_YAML, "document 2 Node edge-1", "",
            "listed twice"),
        Arguments.of("a bad heartbeat names the condition",
            NODE_YAML.replace("\"2026-01-15T11:59:50Z\"", "yesterday"), "Node edge-1", "yesterday",
            "status.conditions[0].lastHeartbeatTime"),
        Arguments.of("a recursive YAML alias is refused", "a: &x [*x]\n", "", "", "refers to a collection that contains it"),
        Arguments.of("an unknown YAML alias is refused", "a: *nope\n", "", "", "refers to no anchor"),
        Arguments.of("deep YAML nesting is refused", "a: " + "[".repeat(200) + "]".repeat(200) + "\n", "", "", "nesting deeper than"),
        Arguments.of("deep JSON nesting is refused", "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", "", "", "deeper than"),
        Arguments.of("a YAML alias bomb is refused",
            "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
                + "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
                + "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
                + "j: &j [*i,*i,*i,*i,*i,*i,*i,*i,*i,*i]\nk: &k [*j,*j,*j,*j,*j,*j,*j,*j,*j,*j]\n", "", "", "aliases"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void badFiles(String sentence, String content, String object, String value, String expected) {
    assertThatThrownBy(() -> FILES.read("bad.yaml", content.getBytes(StandardCharsets.UTF_8), T))
        .isInstanceOfSatisfying(SnapshotFileException.class, e -> {
          assertThat(e.getMessage()).startsWith("cluster snapshot file bad.yaml: ").contains(expected);
          assertThat(e.file()).isEqualTo("bad.yaml");
          assertThat(e.object()).isEqualTo(object);
          assertThat(e.value()).isEqualTo(value);
          if (!value.isEmpty()) {
            assertThat(e.getMessage()).contains(InvalidValueException.quote(value));
          }
        });
  }

  @Test
  void aMissingFileSaysHowToMakeOne(@TempDir Path dir) {
    assertThatThrownBy(() -> FILES.load(dir.resolve("nope.yaml")))
        .isInstanceOf(SnapshotFileException.class).hasMessageContaining("does not exist")
        .hasMessageContaining("kubectl get nodes,pods");
  }

  @Test
  void aFileOverTheSizeLimitIsRefusedBeforeReading(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, NODE_YAML);
    SnapshotFiles small = SnapshotFiles.builder().maxBytes(100).build();
    assertThatThrownBy(() -> small.load(file, T)).isInstanceOf(SnapshotFileException.class)
        .hasMessageContaining("more than the limit of 100");
  }

  @Test
  void builderRefusesANonsensicalLimit() {
    assertThatThrownBy(() -> SnapshotFiles.builder().maxBytes(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBytes 0");
  }
}
