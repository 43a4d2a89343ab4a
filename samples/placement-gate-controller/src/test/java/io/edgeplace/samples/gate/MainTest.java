package io.edgeplace.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.WellKnownKeys;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample's wiring ({@link Main#start}): store, topology, image resolver and controller together. */
class MainTest {

  @Test
  void theReadmeShowsTheWiringOfMain_lineForLine() throws Exception {
    Path module = Path.of(System.getProperty("basedir", "."));
    List<String> readme = Files.readAllLines(module.resolve("README.md"));
    List<String> snippet = readme.subList(readme.indexOf("```java") + 1, readme.size());
    snippet = snippet.subList(0, snippet.indexOf("```"));
    List<String> source = Files.readAllLines(module.resolve("src/main/java/io/edgeplace/samples/gate/Main.java"));
    List<String> code = source.subList(source.indexOf("    // README:begin") + 1, source.indexOf("    // README:end"));

    assertThat(snippet.stream().map(String::strip)).containsExactlyElementsOf(code.stream().map(String::strip).toList());
  }

  @Test
  void theWiredController_releasesAGatedPod_andPersistsTheTopologyInTheCacheDirectory(@TempDir Path cache)
      throws Exception {
    try (MockApiServer server = new MockApiServer(); KubernetesClient client = server.client()) {
      SampleFleet.createOn(client);
      // the pod declares its platforms, so no registry is asked
      client.pods().resource(SampleFleet.gatedPod("shop-display", Map.of(WellKnownKeys.PLATFORMS, "linux/arm64",
          WellKnownKeys.ALLOWED_UNITS, "shop-munich"))).create();

      AutoCloseable running = Main.start(client, cache);
      try {
        Await.until("the gate is removed", Duration.ofSeconds(30), () -> {
          Pod pod = client.pods().inNamespace("shops").withName("shop-display").get();
          return pod.getSpec().getSchedulingGates().isEmpty();
        }, () -> String.valueOf(client.pods().inNamespace("shops").withName("shop-display").get().getSpec()));
      } finally {
        running.close();
      }

      Pod pod = client.pods().inNamespace("shops").withName("shop-display").get();
      assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
          .getNodeSelectorTerms()).singleElement()
          .satisfies(t -> assertThat(t.getMatchExpressions()).extracting(r -> r.getKey() + " " + r.getValues())
              .containsExactly("edgeplace.io/unit [shop-munich]", "kubernetes.io/arch [arm64]"));
      try (Stream<Path> files = Files.list(cache)) {
        assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.matches("cluster\\.\\d+\\.snap"));
      }
    }
  }
}
