package io.edgeplace.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resolver wired into the engine's architecture plugin, with pods and nodes converted from
 * Kubernetes objects by the adapter: the registry's index decides unless the pod declares its
 * platforms in {@code edgeplace.io/platforms}.
 */
class ArchitecturePluginWithResolverTest {

  private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");

  private final LoopbackRegistry registry = LoopbackRegistry.start();
  private final RegistryImagePlatformResolver resolver = RegistryImagePlatformResolver.builder()
      .clock(new MutableClock(NOW))
      .requestTimeout(Duration.ofSeconds(5))
      .build();
  private final KubeAdapter adapter = KubeAdapter.create();
  private final PlacementEngine engine = PlacementEngine.builder()
      .plugin(ArchitecturePlugin.create(resolver), 10)
      .build();
  private final ClusterSnapshot snapshot = adapter.snapshot(
      List.of(node("pi-armhf", "arm", null), node("pi-armv6", "arm", "v6"), node("jetson", "arm64", null),
          node("x86", "amd64", null)),
      List.of(), List.of(), List.of(), NOW);

  @AfterEach
  void tearDown() {
    resolver.close();
    registry.close();
  }

  @Test
  void filter_rejectsAnArmhfNodeForAnImageWhoseIndexLacksArmV7() throws Exception {
    String image = registry.host() + "/acme/api:2.1";
    registry.putManifest("acme/api", "2.1", RegistryDocuments.OCI_INDEX, TestDocuments.amd64Arm64Index());
    assertThat(resolver.resolve(image).get(20, TimeUnit.SECONDS).source()).isEqualTo(ImagePlatforms.Source.REGISTRY);

    PlacementResult result = engine.explain(snapshot, workload(image, null));

    assertThat(result.feasibleNodes()).containsExactlyInAnyOrder("jetson", "x86");
    FilterResult.Rejection armhf = result.rejections().get("pi-armhf");
    assertThat(armhf.reason()).isEqualTo(ArchitecturePlugin.ARCHITECTURE_MISMATCH);
    assertThat(armhf.message()).contains("linux/arm/v7", "linux/amd64, linux/arm64/v8", "from the registry");
    assertThat(result.rejections()).containsKey("pi-armv6");
  }

  @Test
  void filter_letsTheAnnotationTakePrecedenceOverTheRegistry() throws Exception {
    String image = registry.host() + "/acme/api:2.1";
    registry.putManifest("acme/api", "2.1", RegistryDocuments.OCI_INDEX, TestDocuments.amd64Arm64Index());
    resolver.resolve(image).get(20, TimeUnit.SECONDS);

    PlacementResult result = engine.explain(snapshot, workload(image, "linux/arm/v7,linux/amd64"));

    assertThat(result.feasibleNodes()).containsExactlyInAnyOrder("pi-armhf", "x86");
    assertThat(result.rejections().get("jetson").message()).contains("declared by the pod");
  }

  @Test
  void filter_acceptsEveryArmVariantTheIndexLists() throws Exception {
    String image = registry.host() + "/acme/multi:1.0";
    registry.putManifest("acme/multi", "1.0", RegistryDocuments.OCI_INDEX, TestDocuments.multiArchIndex());
    resolver.resolve(image).get(20, TimeUnit.SECONDS);

    PlacementResult result = engine.place(snapshot, workload(image, null));

    assertThat(result.feasibleNodes()).containsExactlyInAnyOrder("pi-armhf", "pi-armv6", "jetson", "x86");
  }

  @Test
  void filter_neverRejectsForAnImageNotResolvedYet() {
    String image = registry.host() + "/acme/unseen:1.0";
    registry.route("/v2/acme/unseen/manifests/1.0", registry.hangingHeaders());

    PlacementResult result = engine.explain(snapshot, workload(image, null));

    assertThat(result.feasibleNodes()).hasSize(4);
    assertThat(result.verdict("pi-armhf").orElseThrow().toString()).contains("not known yet", "never rejects a pod");
  }

  private Workload workload(String image, String platformsAnnotation) {
    Map<String, String> annotations = new HashMap<>();
    if (platformsAnnotation != null) {
      annotations.put(WellKnownKeys.PLATFORMS, platformsAnnotation);
    }
    Pod pod = new PodBuilder()
        .withNewMetadata().withNamespace("default").withName("api-0").withAnnotations(annotations).endMetadata()
        .withNewSpec().addNewContainer().withName("api").withImage(image).endContainer().endSpec()
        .build();
    return adapter.workload(pod);
  }

  private static Node node(String name, String arch, String variant) {
    Map<String, String> labels = new HashMap<>();
    labels.put(WellKnownKeys.ARCH, arch);
    labels.put(WellKnownKeys.OS, "linux");
    labels.put(WellKnownKeys.UNIT, "site-1");
    if (variant != null) {
      labels.put(WellKnownKeys.ARCH_VARIANT, variant);
    }
    return new NodeBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .withNewStatus()
        .addToAllocatable("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"))
        .addToAllocatable("memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi"))
        .addToAllocatable("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("2026-11-25T17:59:50Z").endCondition()
        .endStatus()
        .build();
  }
}
