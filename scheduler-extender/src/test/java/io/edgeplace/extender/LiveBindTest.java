package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplace.extender.reliability.LiveApi;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live mode against fabric8's mock API server in CRUD mode, with {@code --bind}: the extender
 * becomes ready from its informers, filters, binds a pod to a node that passes, and refuses
 * (and counts) a forged binding to a node that does not, leaving the pod unbound.
 */
class LiveBindTest {

  static Node node(String name, String arch) {
    return new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernetes.io/arch", arch).addToLabels("kubernetes.io/os", "linux")
        .addToLabels("edgeplace.io/unit", "site-1").endMetadata()
        .withNewStatus().addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"))
        .addToAllocatable("memory", new io.fabric8.kubernetes.api.model.Quantity("8Gi"))
        .addToAllocatable("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
        .addNewCondition().withType("Ready").withStatus("True")
        .withLastHeartbeatTime(Instant.now().toString()).endCondition()
        .endStatus().build();
  }

  static Pod pendingPod() {
    return new PodBuilder().withNewMetadata().withName("gateway").withNamespace("edge")
        .addToAnnotations("edgeplace.io/platforms", "linux/arm64").endMetadata()
        .withNewSpec().withSchedulerName("edgeplace-scheduler").addNewContainer().withName("c")
        .withImage("ghcr.io/acme/gateway:1").endContainer().endSpec().build();
  }

  @Test
  void bind_bindsThroughTheApiServer_andRefusesAForgedBindingToAnUnfitNode() throws Exception {
    try (LiveApi api = new LiveApi(); KubernetesClient client = api.client()) {
      bindsThroughTheApiServer(client);
    }
  }

  private static void bindsThroughTheApiServer(KubernetesClient client) throws Exception {
    client.nodes().resource(node("edge-arm", "arm64")).create();
    client.nodes().resource(node("edge-x86", "amd64")).create();
    Pod pod = client.pods().inNamespace("edge").resource(pendingPod()).create();
    String uid = pod.getMetadata().getUid();
    assertThat(uid).isNotEmpty();

    Options options = Options.parse(List.of("--kubeconfig", writeKubeconfigPlaceholder(), "--bind"));
    Extender.Parts parts = CoreParts.create(options, ExtenderConfig.DEFAULTS, InstantSource.system(), client);
    try (Extender e = Extender.start(parts, new Extender.ServerSettings(new InetSocketAddress("127.0.0.1", 0),
        1 << 20, null, null, null, Duration.ofSeconds(2)))) {
      TestClient c = new TestClient(e.uri());
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!(c.get("/readyz").statusCode() == 200 && e.service().nodeNames().size() == 2)) {
        assertThat(System.nanoTime()).as("ready within 30 s").isLessThan(deadline);
        Thread.onSpinWait();
      }
      JsonNode ready = TestClient.json(c.get("/readyz"));
      // LIVE once the informers watch; the mock server's watches may drop and show STALE for a moment
      assertThat(ready.get("state").asText()).isIn("LIVE", "STALE");
      assertThat(ready.get("detail").asText()).contains("the API server at");

      String podJson = client.getKubernetesSerialization().asJson(pod);
      JsonNode filtered = TestClient.json(c.post("/filter", "{\"Pod\":" + podJson
          + ",\"NodeNames\":[\"edge-arm\",\"edge-x86\"]}"));
      assertThat(filtered.get("NodeNames").toString()).isEqualTo("[\"edge-arm\"]");
      assertThat(filtered.get("FailedAndUnresolvableNodes").has("edge-x86")).isTrue();

      JsonNode forged = TestClient.json(c.post("/bind", "{\"PodName\":\"gateway\",\"PodNamespace\":\"edge\","
          + "\"PodUID\":\"" + uid + "\",\"Node\":\"edge-x86\"}"));
      assertThat(forged.get("Error").asText()).contains("refused").contains("architecture");
      assertThat(client.bindings().inNamespace("edge").withName("gateway").get()).isNull();
      assertThat(c.get("/metrics").body()).contains("edgeplace_extender_bind_refusals_total{reason=\"Unfit\"} 1.0");

      JsonNode wrongUid = TestClient.json(c.post("/bind", "{\"PodName\":\"gateway\",\"PodNamespace\":\"edge\","
          + "\"PodUID\":\"not-the-uid\",\"Node\":\"edge-arm\"}"));
      assertThat(wrongUid.get("Error").asText()).contains("refused").contains("has UID " + uid);

      JsonNode bound = TestClient.json(c.post("/bind", "{\"PodName\":\"gateway\",\"PodNamespace\":\"edge\","
          + "\"PodUID\":\"" + uid + "\",\"Node\":\"edge-arm\"}"));
      assertThat(bound.get("Error").asText()).isEmpty();
      Binding binding = client.bindings().inNamespace("edge").withName("gateway").get();
      assertThat(binding).isNotNull();
      assertThat(binding.getTarget().getName()).isEqualTo("edge-arm");
      // (the mock server assigns its own metadata.uid to stored objects, so the UID precondition is not visible here)
    }
  }

  /* The client is handed in directly; the flag only has to name a readable file. */
  private static String writeKubeconfigPlaceholder() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
    f.toFile().deleteOnExit();
    java.nio.file.Files.writeString(f, "apiVersion: v1\nkind: Config\n");
    return f.toString();
  }
}
