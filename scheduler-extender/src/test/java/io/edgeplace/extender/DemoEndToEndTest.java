package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplace.core.demo.DemoCluster;
import io.edgeplace.core.kube.KubeObjects;
import io.edgeplace.core.kube.SnapshotFiles;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real engine and adapters behind the extender, on the bundled demo cluster: both
 * candidate modes give the same verdicts, and the sample pods land where the demo says.
 */
class DemoEndToEndTest {
  static Extender extender;
  static TestClient client;
  static List<String> nodeJson = new ArrayList<>();
  static List<String> names = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    Options o = Options.parse(List.of("--demo", "--listen", "127.0.0.1:0"));
    // at the demo file's own instant, so that the Node objects sent (with the file's heartbeats)
    // are exactly as fresh as the snapshot's
    extender = Extender.start(CoreParts.create(o, ExtenderConfig.DEFAULTS, InstantSource.fixed(DemoCluster.TIME)),
        new Extender.ServerSettings(new InetSocketAddress("127.0.0.1", 0), 1 << 22, null, null, null,
            Duration.ofSeconds(2)));
    client = new TestClient(extender.uri());
    KubeObjects objects = SnapshotFiles.create().readObjects("demo-cluster.yaml", DemoCluster.yaml());
    KubernetesSerialization ser = new KubernetesSerialization();
    for (io.fabric8.kubernetes.api.model.Node n : objects.nodes()) {
      n.setKind(null);
      n.setApiVersion(null);
      nodeJson.add(ser.asJson(n));
      names.add(n.getMetadata().getName());
    }
  }

  @AfterAll
  static void stop() {
    extender.close();
  }

  static String withNodes(String pod) {
    return "{\"Pod\":" + pod + ",\"Nodes\":{\"metadata\":{},\"items\":[" + String.join(",", nodeJson) + "]}}";
  }

  @Test
  void nodeObjectsAndNodeNames_giveTheSameVerdicts() throws Exception {
    for (String sample : List.of("arm-only-pod", "bandwidth-pod", "kata-pod")) {
      String pod = DemoCommands.samplePod(sample);
      JsonNode byName = TestClient.json(client.post("/filter", DemoCommands.requestBody(sample, names)));
      JsonNode byObject = TestClient.json(client.post("/filter", withNodes(pod)));
      assertThat(byObject.get("NodeNames").isNull()).isTrue();
      List<String> passedObjects = new ArrayList<>();
      byObject.get("Nodes").get("items").forEach(n -> passedObjects.add(n.get("metadata").get("name").asText()));
      List<String> passedNames = new ArrayList<>();
      byName.get("NodeNames").forEach(n -> passedNames.add(n.asText()));
      assertThat(passedObjects).as(sample).isEqualTo(passedNames);
      assertThat(byObject.get("FailedAndUnresolvableNodes")).as(sample).isEqualTo(byName.get("FailedAndUnresolvableNodes"));
      assertThat(byObject.get("FailedNodes").size()).as(sample).isEqualTo(byName.get("FailedNodes").size());
    }
  }

  @Test
  void theKataPod_goesOnlyWhereKataRuns_andTheArmOnlyPodOnlyOnArm64() throws Exception {
    JsonNode kata = TestClient.json(client.post("/filter", DemoCommands.requestBody("kata-pod", names)));
    kata.get("NodeNames").forEach(n -> assertThat(n.asText()).doesNotContain("armhf").doesNotContain("armv"));
    assertThat(kata.get("FailedAndUnresolvableNodes").toString()).contains("sandbox-runtime");
    JsonNode arm = TestClient.json(client.post("/filter", DemoCommands.requestBody("arm-only-pod", names)));
    arm.get("NodeNames").forEach(n -> assertThat(n.asText()).contains("arm64"));
  }

  @Test
  void theDisconnectedUnit_isRejectedForNow_notForever() throws Exception {
    JsonNode r = TestClient.json(client.post("/filter", DemoCommands.requestBody("bandwidth-pod", names)));
    assertThat(r.get("FailedNodes").has("toll-a9-north-arm64-1")).as(r.toString()).isTrue();
    assertThat(r.get("FailedAndUnresolvableNodes").has("toll-a9-north-arm64-1")).isFalse();
  }

  @Test
  void prioritize_andExplain_onTheDemo() throws Exception {
    JsonNode scores = TestClient.json(client.post("/prioritize", DemoCommands.requestBody("bandwidth-pod", names)));
    assertThat(scores).hasSize(names.size());
    scores.forEach(hp -> assertThat(hp.get("Score").asLong()).isBetween(0L, 10L));
    JsonNode explain = TestClient.json(client.post("/explain", DemoCommands.requestBody("bandwidth-pod", names)));
    assertThat(explain.get("scorePlugins").toString()).contains("uplink-bandwidth").contains("traffic-locality");
    assertThat(explain.get("nodes")).hasSize(names.size());
  }
}
