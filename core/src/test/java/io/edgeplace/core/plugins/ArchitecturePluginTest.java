package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Workload;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.engine.PlacementEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ArchitecturePluginTest {

  private static final Platform AMD64 = Platform.LINUX_AMD64;
  private static final Platform ARM64 = Platform.LINUX_ARM64;
  private static final Platform ARM_V7 = Platform.LINUX_ARM_V7;
  private static final Platform ARM_V6 = Platform.LINUX_ARM_V6;

  /**
   * One node of {@code node} platform, one workload; the expected outcome is a score (feasible)
   * or a rejection reason.
   */
  record Case(String description, Platform node, ArchitecturePlugin plugin, Workload workload,
              String expectedReason, int expectedScore, List<String> messageParts) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static Workload pod(Container... containers) {
    return Workload.builder("default", "app").containers(List.of(containers)).build();
  }

  private static Container image(String image, Platform... platforms) {
    return Container.of(image.replaceAll("[^a-z]", ""), image, Set.of(platforms));
  }

  private static Case feasible(String description, Platform node, ArchitecturePlugin plugin, Workload w, int score) {
    return new Case(description, node, plugin, w, "", score, List.of());
  }

  private static Case rejected(String description, Platform node, ArchitecturePlugin plugin, Workload w,
                               String reason, String... messageParts) {
    List<String> parts = new ArrayList<>(List.of(messageParts));
    parts.add("node platform");
    return new Case(description, node, plugin, w, reason, 0, parts);
  }

  private static final ArchitecturePlugin STRICT = ArchitecturePlugin.create();
  private static final ArchitecturePlugin COMPATIBLE =
      ArchitecturePlugin.builder().crossArchitectureCompatibility(true).build();
  private static final String MISMATCH = ArchitecturePlugin.ARCHITECTURE_MISMATCH;
  private static final String AFFINITY = ArchitecturePlugin.ARCHITECTURE_NOT_ALLOWED_BY_AFFINITY;

  static Stream<Case> cases() {
    return Stream.of(
        feasible("an amd64 node runs an image built for amd64 and arm64 natively", AMD64, STRICT,
            pod(image("nginx:1.27", AMD64, ARM64)), 100),
        rejected("an arm64 node is rejected by an image built only for amd64, and the message names both", ARM64,
            STRICT, pod(image("legacy:1", AMD64)), MISMATCH, "linux/arm64/v8", "\"legacy:1\"", "(linux/amd64"),
        feasible("an arm node without a variant counts as arm/v7 and runs an arm/v7 image",
            Platform.of("linux", "arm", ""), STRICT, pod(image("app:1", ARM_V7)), 100),
        rejected("an arm node without a variant counts as arm/v7, so an arm/v6-only image is rejected",
            Platform.of("linux", "arm", ""), STRICT, pod(image("old:1", ARM_V6)), MISMATCH, "linux/arm/v7"),
        rejected("an init container built only for amd64 rejects an arm64 node even when the app is multi-arch",
            ARM64, STRICT, Workload.builder("default", "app").containers(List.of(image("web:1", AMD64, ARM64)))
                .initContainers(List.of(image("migrate:1", AMD64))).build(),
            MISMATCH, "init container", "\"migrate:1\""),
        feasible("an image whose platforms are unknown never rejects a node", Platform.of("linux", "riscv64", ""),
            STRICT, pod(image("mystery:1")), 100),
        feasible("an unknown image does not excuse a known one, which still runs natively", ARM64, STRICT,
            pod(image("mystery:1"), image("web:1", ARM64)), 100),
        rejected("an arm/v7 image is rejected on an arm64 node while compatibility is off, with a hint", ARM64,
            STRICT, pod(image("pi-app:1", ARM_V7)), MISMATCH, "compatibility would allow it, but it is off"),
        feasible("an arm/v7 image runs on an arm64 node through compatibility, scoring below native", ARM64,
            COMPATIBLE, pod(image("pi-app:1", ARM_V7)), ArchitecturePlugin.COMPATIBLE_SCORE),
        feasible("a multi-arch image with the native platform scores native even with compatibility on", ARM64,
            COMPATIBLE, pod(image("web:1", ARM64, ARM_V7)), 100),
        feasible("a compatible match scores what compatibleScore sets", ARM64,
            ArchitecturePlugin.builder().crossArchitectureCompatibility(true).compatibleScore(80).build(),
            pod(image("pi-app:1", ARM_V7)), 80),
        rejected("an arm/v6 image is rejected on an arm/v7 node while compatibility is off", ARM_V7, STRICT,
            pod(image("zero:1", ARM_V6)), MISMATCH),
        feasible("an arm/v6 image runs on an arm/v7 node with compatibility on", ARM_V7, COMPATIBLE,
            pod(image("zero:1", ARM_V6)), ArchitecturePlugin.COMPATIBLE_SCORE),
        rejected("compatibility never runs a newer variant on an older node: arm/v7 on arm/v6", ARM_V6, COMPATIBLE,
            pod(image("pi-app:1", ARM_V7)), MISMATCH),
        rejected("compatibility never runs arm64 images on amd64", AMD64, COMPATIBLE, pod(image("a:1", ARM64)),
            MISMATCH),
        feasible("a pair named with compatible(..) lets arm64 nodes run amd64 images under emulation", ARM64,
            ArchitecturePlugin.builder().compatible(ARM64, AMD64).build(), pod(image("x86-only:1", AMD64)),
            ArchitecturePlugin.COMPATIBLE_SCORE),
        rejected("a windows image is rejected on a linux node of the same architecture", AMD64, STRICT,
            pod(image("iis:1", Platform.of("windows", "amd64", ""))), MISMATCH, "windows/amd64"),
        rejected("a required affinity on kubernetes.io/arch rejects an amd64 node even if the image supports it",
            AMD64, STRICT, Workload.builder("default", "app").containers(List.of(image("web:1", AMD64, ARM64)))
                .requiredArchitectures(Set.of("arm64")).build(),
            AFFINITY, "amd64", "kubernetes.io/arch", "(arm64)"),
        rejected("compatibility never widens a required affinity: arm/v7 image, arm64 node, affinity on arm",
            ARM64, COMPATIBLE, Workload.builder("default", "app").containers(List.of(image("pi:1", ARM_V7)))
                .requiredArchitectures(Set.of("arm")).build(), AFFINITY, "arm64"),
        feasible("a required affinity spelled aarch64 allows arm64 nodes", ARM64, STRICT,
            Workload.builder("default", "app").containers(List.of(image("web:1", ARM64)))
                .requiredArchitectures(Set.of("aarch64")).build(), 100),
        feasible("a workload without containers runs anywhere its affinity allows",
            Platform.of("linux", "s390x", ""), STRICT, pod(), 100));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filterAndScore(Case c) {
    ClusterSnapshot snapshot = ClusterSnapshot.builder().node(Node.builder("n", "u").platform(c.node()).build()).build();
    PlacementEngine engine = PlacementEngine.builder().plugin(c.plugin(), 1).build();

    NodeVerdict v = engine.explain(snapshot, c.workload()).verdict("n").orElseThrow();

    if (c.expectedReason().isEmpty()) {
      assertThat(v.feasible()).as(v.toString()).isTrue();
      assertThat(v.scores().get(0).score()).isEqualTo(c.expectedScore());
    } else {
      FilterResult.Rejection r = v.rejection().orElseThrow(() -> new AssertionError("feasible: " + v));
      assertThat(r.reason()).isEqualTo(c.expectedReason());
      assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
      assertThat(r.plugin()).isEqualTo(ArchitecturePlugin.NAME);
      assertThat(r.message()).contains(c.messageParts().stream().filter(p ->
          !p.equals("node platform") || c.expectedReason().equals(MISMATCH)).toList());
      assertThat(v.notes().get(ArchitecturePlugin.NAME)).isEqualTo(r.message());
    }
  }

  @Test
  void explanation_saysThatUnknownPlatformsWereNotChecked() {
    ClusterSnapshot snapshot = ClusterSnapshot.builder().node(Node.builder("n", "u").build()).build();
    PlacementEngine engine = PlacementEngine.builder().plugin(ArchitecturePlugin.create(), 1).build();

    String note = engine.explain(snapshot, pod(image("mystery:1"))).verdict("n").orElseThrow()
        .notes().get(ArchitecturePlugin.NAME);

    assertThat(note).contains("\"mystery:1\"", "unknown", "no image platform resolver is configured", "not checked");
  }

  @Test
  void resolver_fillsInImagesThatDeclareNoPlatforms_declaredPlatformsTakePrecedence() {
    List<String> asked = new ArrayList<>();
    ImagePlatformResolver resolver = ref -> {
      asked.add(ref);
      return new ImagePlatforms(Set.of(AMD64), ImagePlatforms.Source.REGISTRY, "sha256:abc");
    };
    ClusterSnapshot snapshot = ClusterSnapshot.builder()
        .node(Node.builder("amd", "u").platform(AMD64).build())
        .node(Node.builder("arm", "u").platform(ARM64).build())
        .build();
    PlacementEngine engine = PlacementEngine.builder().plugin(ArchitecturePlugin.create(resolver), 1).build();

    var fromRegistry = engine.place(snapshot, pod(image("web:1"), image("web:1")));
    var declared = engine.place(snapshot, pod(image("web:2", ARM64)));

    assertThat(fromRegistry.feasibleNodes()).containsExactly("amd");
    assertThat(fromRegistry.rejections().get("arm").message()).contains("from the registry");
    assertThat(declared.feasibleNodes()).containsExactly("arm");
    assertThat(asked).as("looked up once per image per cycle, never for declared ones").containsExactly("web:1");
  }

  @Test
  void resolverThatFails_countsAsUnknown_andNeverRejects() {
    ImagePlatformResolver failing = ref -> {
      throw new IllegalStateException("registry unreachable");
    };
    ClusterSnapshot snapshot = ClusterSnapshot.builder().node(Node.builder("n", "u").platform(ARM64).build()).build();
    PlacementEngine engine = PlacementEngine.builder().plugin(ArchitecturePlugin.create(failing), 1).build();

    NodeVerdict v = engine.explain(snapshot, pod(image("web:1"))).verdict("n").orElseThrow();

    assertThat(v.feasible()).isTrue();
    assertThat(v.notes().get(ArchitecturePlugin.NAME)).contains("registry unreachable", "not checked");
  }

  @Test
  void nativeNodesRankAboveCompatibleOnes() {
    ClusterSnapshot snapshot = ClusterSnapshot.builder()
        .node(Node.builder("a-arm64", "u").platform(ARM64).build())
        .node(Node.builder("b-armv7", "u").platform(ARM_V7).build())
        .build();
    PlacementEngine engine = PlacementEngine.builder().plugin(COMPATIBLE, 1).build();

    assertThat(engine.place(snapshot, pod(image("pi:1", ARM_V7))).feasibleNodes()).containsExactly("b-armv7", "a-arm64");
  }

  @Test
  void compatible_refusesAPlatformPairedWithItself() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ArchitecturePlugin.builder().compatible(ARM64, ARM64))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("linux/arm64/v8");
  }
}
