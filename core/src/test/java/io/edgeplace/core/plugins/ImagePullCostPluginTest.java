package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.NOW;
import static io.edgeplace.core.plugins.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.Workload;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImagePullCostPluginTest {

  private static final long MB = 1L << 20;

  static Stream<Arguments> references() {
    return Stream.of(
        Arguments.of("a Docker Hub official image gets docker.io/library/", "nginx:1.27", "docker.io/library/nginx:1.27"),
        Arguments.of("a missing tag is latest", "nginx", "docker.io/library/nginx:latest"),
        Arguments.of("index.docker.io is Docker Hub", "index.docker.io/library/nginx:1.27",
            "docker.io/library/nginx:1.27"),
        Arguments.of("a Docker Hub user image gets docker.io/ only", "grafana/agent:v0.40", "docker.io/grafana/agent:v0.40"),
        Arguments.of("another registry is kept", "quay.io/prometheus/node-exporter:v1.8",
            "quay.io/prometheus/node-exporter:v1.8"),
        Arguments.of("a registry with a port is a registry, and its colon is not a tag", "registry:5000/app",
            "registry:5000/app:latest"),
        Arguments.of("localhost is a registry", "localhost/app:1", "localhost/app:1"),
        Arguments.of("a digest wins over a tag", "nginx:1.27@sha256:0123abcd", "docker.io/library/nginx@sha256:0123abcd"),
        Arguments.of("surrounding blanks are trimmed", "  nginx:1.27 ", "docker.io/library/nginx:1.27"),
        Arguments.of("a blank reference stays blank", "  ", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("references")
  void normalize(String description, String reference, String expected) {
    assertThat(ImageReferences.normalize(reference)).isEqualTo(expected);
    assertThat(ImageReferences.spellings(reference).get(0)).isEqualTo(expected);
  }

  @Test
  void spellings_coverTheShortDockerHubForms() {
    assertThat(ImageReferences.spellings("docker.io/library/nginx:1.27"))
        .containsExactly("docker.io/library/nginx:1.27", "library/nginx:1.27", "nginx:1.27");
    assertThat(ImageReferences.spellings("ghcr.io/org/app:1")).containsExactly("ghcr.io/org/app:1");
  }

  private static Workload nginx() {
    return Workload.builder("default", "web").container(Container.of("web", "nginx:1.27", Set.of())).build();
  }

  private static Node withImages(String name, String unit, Map<String, Long> images) {
    return Node.builder(name, unit).images(images).build();
  }

  @Test
  void score_aNodeThatHasTheImageUnderItsFullNameBeatsOneThatMustPullIt() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).unit(unit("shop-7", 10))
        .node(withImages("has", "shop-7", Map.of("docker.io/library/nginx:1.27", 180 * MB)))
        .node(withImages("lacks", "shop-7", Map.of("docker.io/library/redis:7", 40 * MB)))
        .build();
    Cycle c = Cycle.run(s, nginx(), ImagePullCostPlugin.create());
    assertThat(c.score(ImagePullCostPlugin.NAME, "has")).isEqualTo(100);
    assertThat(c.score(ImagePullCostPlugin.NAME, "lacks")).isZero();
    assertThat(c.explain(ImagePullCostPlugin.create(), "lacks")).isEqualTo("pull nginx:1.27 ~180 MB over 10 Mbit/s ≈ 151 s");
    assertThat(c.explain(ImagePullCostPlugin.create(), "has")).isEqualTo("all images present");
  }

  static Stream<Arguments> pullTimes() {
    return Stream.of(
        Arguments.of("with no node reporting the image, the default 200 MB is assumed over a 10 Mbit/s uplink",
            ImagePullCostPlugin.create(), 10L, 0L, 167_772L),
        Arguments.of("the default image size is configurable",
            ImagePullCostPlugin.builder().defaultImageBytes(10 * MB).build(), 10L, 0L, 8_388L),
        Arguments.of("the size seen on another node is used, whatever spelling that node lists",
            ImagePullCostPlugin.create(), 10L, 50L, 41_943L),
        Arguments.of("a unit without a declared uplink pulls at the assumed 1 Gbit/s",
            ImagePullCostPlugin.create(), 0L, 50L, 419L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pullTimes")
  void rawScoreIsThePullTimeInMilliseconds(String description, ImagePullCostPlugin plugin, long mbit, long seenMb,
                                           long millis) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(NOW)
        .unit(mbit == 0 ? io.edgeplace.api.Unit.unlimited("shop-7", "") : unit("shop-7", mbit))
        .node(withImages("n1", "shop-7", Map.of()));
    if (seenMb > 0) {
      b.node(withImages("other", "hub", Map.of("nginx:1.27", seenMb * MB)));
    }
    Cycle c = Cycle.run(b.build(), nginx(), plugin);
    assertThat(c.raw.get(ImagePullCostPlugin.NAME).get("n1")).isEqualTo(millis);
  }

  @Test
  void score_fasterUplinkScoresHigherWhenBothMustPull() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).unit(unit("slow", 5)).unit(unit("fast", 100))
        .node(withImages("s1", "slow", Map.of())).node(withImages("f1", "fast", Map.of())).build();
    Cycle c = Cycle.run(s, nginx(), ImagePullCostPlugin.create());
    assertThat(c.ranking()).containsExactly("f1", "s1");
  }

  @Test
  void score_imagesSpelledTwiceByThePodArePulledOnce() {
    Workload w = Workload.builder("default", "web").container(Container.of("a", "nginx:1.27", Set.of()))
        .container(Container.of("b", "docker.io/library/nginx:1.27", Set.of())).build();
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).unit(unit("shop-7", 10))
        .node(withImages("n1", "shop-7", Map.of())).build();
    Cycle c = Cycle.run(s, w, ImagePullCostPlugin.create());
    assertThat(c.raw.get(ImagePullCostPlugin.NAME).get("n1")).isEqualTo(167_772L);
  }

  @Test
  void builder_rejectsNonPositiveFiguresWithAHint() {
    assertThatThrownBy(() -> ImagePullCostPlugin.builder().defaultImageBytes(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default image size is 0 bytes")
        .hasMessageContaining("Maybe");
    assertThatThrownBy(() -> ImagePullCostPlugin.builder().unlimitedUplinkBitsPerSecond(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("assumed uplink is -1 bit/s");
  }

  @Test
  void snapshotImageIndex_followsNodeImageChanges() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(withImages("n1", "shop-7", Map.of("nginx:1.27", 10L))).node(withImages("n2", "shop-7", Map.of())).build();
    ClusterSnapshot pulled = s.withNode(withImages("n2", "shop-7", Map.of("nginx:1.27", 30L)));
    assertThat(pulled.nodesWithImage("nginx:1.27")).containsExactly(0, 1);
    assertThat(pulled.imageSizeBytes("nginx:1.27")).isEqualTo(30L);
    ClusterSnapshot pruned = pulled.withNode(withImages("n1", "shop-7", Map.of()));
    assertThat(pruned.nodesWithImage("nginx:1.27")).containsExactly(1);
    assertThat(s.nodesWithImage("nginx:1.27")).as("older snapshots are unchanged").containsExactly(0);
  }
}
