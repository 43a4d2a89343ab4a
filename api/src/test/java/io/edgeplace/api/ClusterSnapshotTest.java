package io.edgeplace.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterSnapshotTest {

  private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

  private static Node node(String name, String unit, Platform p) {
    return Node.builder(name, unit).platform(p).allocatable(Resources.of(4000, 8L << 30)).build();
  }

  private static PlacedPod pod(String name, String node, String app, long cpu, long ingress, long egress) {
    return new PlacedPod("default", name, node, Map.of("app", app), null, Resources.of(cpu, 0), ingress, egress,
        List.of());
  }

  @Test
  void nodesAndUnitsAreSortedByNameWhateverTheInputOrder() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(T0)
        .node(node("n3", "b", Platform.LINUX_ARM64))
        .node(node("n1", "b", Platform.LINUX_AMD64))
        .node(node("n2", "a", Platform.LINUX_ARM64))
        .build();
    assertThat(s.nodes()).extracting(Node::name).containsExactly("n1", "n2", "n3");
    assertThat(s.units()).extracting(Unit::name).containsExactly("a", "b");
    assertThat(s.unitOf(s.nodeIndex("n2"))).isEqualTo(s.unitIndex("a"));
    assertThat(s.unitSize(s.unitIndex("b"))).isEqualTo(2);
    assertThat(s.platform(s.platformOf(s.nodeIndex("n3")))).isEqualTo(Platform.LINUX_ARM64);
    assertThat(s.platformCount()).isEqualTo(2);
    assertThat(s.nodeIndex("missing")).isEqualTo(-1);
  }

  @Test
  void aUnitNamedOnlyByNodesIsUnlimitedInItsFirstNodesRegion() {
    ClusterSnapshot s = ClusterSnapshot.builder()
        .node(Node.builder("n1", "shop-1").region("eu").build())
        .unit(new Unit("shop-2", "eu", 10_000_000, java.time.Duration.ofMillis(40), NetworkMode.PUBLIC_IPSEC))
        .build();
    assertThat(s.unit("shop-1")).contains(Unit.unlimited("shop-1", "eu"));
    assertThat(s.unit("shop-2").orElseThrow().uplinkBitsPerSecond()).isEqualTo(10_000_000);
  }

  @Test
  void podChangesKeepRequestsBandwidthAndLabelIndexInStep() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(T0)
        .node(node("n1", "a", Platform.LINUX_AMD64))
        .node(node("n2", "b", Platform.LINUX_AMD64))
        .build();
    ClusterSnapshot s1 = s.withPod(pod("p1", "n1", "broker", 500, 10, 20))
        .withPod(pod("p2", "n2", "db", 250, 1, 2));
    int a = s1.unitIndex("a");
    assertThat(s1.requested(s1.nodeIndex("n1")).milliCpu()).isEqualTo(500);
    assertThat(s1.unitIngressBitsPerSecond(a)).isEqualTo(10);
    assertThat(s1.unitEgressBitsPerSecond(a)).isEqualTo(20);
    assertThat(s1.podsMatching(LabelSelector.of("app", "broker"))).extracting(PlacedPod::name).containsExactly("p1");

    ClusterSnapshot moved = s1.withPod(pod("p1", "n2", "broker", 500, 10, 20));
    assertThat(moved.unitIngressBitsPerSecond(a)).isZero();
    assertThat(moved.podsOn(moved.nodeIndex("n2"))).extracting(PlacedPod::name).containsExactlyInAnyOrder("p1", "p2");
    assertThat(moved.podCount()).isEqualTo(2);

    ClusterSnapshot removed = moved.withoutPod("default", "p1");
    assertThat(removed.podsMatching(LabelSelector.of("app", "broker"))).isEmpty();
    assertThat(removed.requested(removed.nodeIndex("n2")).milliCpu()).isEqualTo(250);
    // the older snapshots are unchanged
    assertThat(s1.unitIngressBitsPerSecond(a)).isEqualTo(10);
    assertThat(s.podCount()).isZero();
  }

  static LongStream seeds() {
    return LongStream.of(1, 2, 3, 42, 20261125);
  }

  /** Incremental pod changes must give exactly what a rebuild from the same pods gives. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void incrementalChangesEqualARebuild(long seed) {
    RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      nodes.add(node("n" + i, "u" + rnd.nextInt(5), rnd.nextBoolean() ? Platform.LINUX_AMD64 : Platform.LINUX_ARM_V7));
    }
    Collections.shuffle(nodes, new java.util.Random(seed));
    ClusterSnapshot s = ClusterSnapshot.builder().time(T0).nodes(nodes).build();
    Map<String, PlacedPod> live = new HashMap<>();
    for (int step = 0; step < 400; step++) {
      String name = "p" + rnd.nextInt(60);
      if (rnd.nextInt(4) == 0) {
        s = s.withoutPod("default", name);
        live.remove("default/" + name);
      } else {
        PlacedPod p = pod(name, "n" + rnd.nextInt(32), "app" + rnd.nextInt(4), rnd.nextInt(1000),
            rnd.nextInt(100), rnd.nextInt(100));
        s = s.withPod(p);
        live.put(p.key(), p);
      }
    }
    ClusterSnapshot rebuilt = ClusterSnapshot.builder().time(T0).nodes(nodes).pods(live.values()).build();
    String context = "seed " + seed;
    assertThat(s.podCount()).as(context).isEqualTo(rebuilt.podCount());
    assertThat(s.pods()).as(context).isEqualTo(rebuilt.pods());
    for (int i = 0; i < s.nodeCount(); i++) {
      assertThat(s.requested(i)).as(context).isEqualTo(rebuilt.requested(i));
      assertThat(s.podsOn(i)).as(context).containsExactlyInAnyOrderElementsOf(rebuilt.podsOn(i));
    }
    for (int u = 0; u < s.unitCount(); u++) {
      assertThat(s.unitIngressBitsPerSecond(u)).as(context).isEqualTo(rebuilt.unitIngressBitsPerSecond(u));
      assertThat(s.unitEgressBitsPerSecond(u)).as(context).isEqualTo(rebuilt.unitEgressBitsPerSecond(u));
    }
    for (int app = 0; app < 4; app++) {
      LabelSelector sel = LabelSelector.of("app", "app" + app);
      assertThat(s.podsMatching(sel)).as(context).isEqualTo(rebuilt.podsMatching(sel));
    }
  }

  /** A batch of node replacements must give what a rebuild with those nodes gives. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void withNodes_equalsARebuild(long seed) {
    RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    Map<String, Node> nodes = new LinkedHashMap<>();
    for (int i = 0; i < 30; i++) {
      nodes.put("n" + i, randomNode(rnd, "n" + i, "u" + rnd.nextInt(5)));
    }
    List<PlacedPod> pods = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pods.add(pod("p" + i, "n" + rnd.nextInt(30), "app" + rnd.nextInt(3), rnd.nextInt(1000), 0, 0));
    }
    ClusterSnapshot s = ClusterSnapshot.builder().time(T0).nodes(nodes.values()).pods(pods).build();
    // a new heartbeat for many (in place), other images or handlers for some, a move to another unit now and then
    boolean moves = rnd.nextInt(3) == 0;
    List<Node> replacements = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      Node old = nodes.get("n" + rnd.nextInt(30));
      Node.Builder b = old.toBuilder().lastHeartbeat(T0.plusSeconds(rnd.nextInt(600)));
      if (rnd.nextInt(4) == 0) {
        b.images(Map.of("img-" + rnd.nextInt(6) + ":1", 1000L + rnd.nextInt(1000)));
      }
      if (rnd.nextInt(4) == 0) {
        b.runtimeHandlers(rnd.nextBoolean() ? java.util.Set.of("runc", "kata") : java.util.Set.of("runc"));
      }
      Node replacement = moves && k == 5 ? randomNode(rnd, old.name(), "u-new") : b.build();
      replacements.add(replacement);
      nodes.put(replacement.name(), replacement);
    }

    List<Node> before = List.copyOf(s.nodes());
    ClusterSnapshot batched = s.withNodes(replacements);
    ClusterSnapshot rebuilt = ClusterSnapshot.builder().time(T0).nodes(nodes.values()).pods(pods).build();

    String context = "seed " + seed + (moves ? ", one node moved" : "");
    assertThat(batched.nodes()).as(context).isEqualTo(rebuilt.nodes());
    assertThat(batched.units()).as(context).isEqualTo(rebuilt.units());
    for (int i = 0; i < batched.nodeCount(); i++) {
      assertThat(batched.podsOn(i)).as(context).containsExactlyInAnyOrderElementsOf(rebuilt.podsOn(i));
      assertThat(batched.requested(i)).as(context).isEqualTo(rebuilt.requested(i));
    }
    for (int img = 0; img < 6; img++) {
      assertThat(batched.nodesWithImage("img-" + img + ":1")).as(context + ", image " + img)
          .containsExactly(rebuilt.nodesWithImage("img-" + img + ":1"));
      assertThat(batched.imageSizeBytes("img-" + img + ":1")).as(context).isEqualTo(rebuilt.imageSizeBytes("img-" + img + ":1"));
    }
    for (String handler : List.of("runc", "kata")) {
      assertThat(batched.nodesWithRuntimeHandler(handler)).as(context + ", handler " + handler)
          .containsExactly(rebuilt.nodesWithRuntimeHandler(handler));
    }
    assertThat(s.nodes()).as("the snapshot before is unchanged").isEqualTo(before);
  }

  private static Node randomNode(RandomGenerator rnd, String name, String unit) {
    return Node.builder(name, unit).platform(rnd.nextBoolean() ? Platform.LINUX_AMD64 : Platform.LINUX_ARM_V7)
        .allocatable(Resources.of(4000, 8L << 30)).images(Map.of("img-" + rnd.nextInt(6) + ":1", 500L))
        .runtimeHandlers(java.util.Set.of("runc")).build();
  }

  @Test
  void replacingANodeInPlaceKeepsItsPods() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(T0)
        .node(node("n1", "a", Platform.LINUX_AMD64))
        .pod(pod("p1", "n1", "x", 100, 0, 0))
        .build();
    ClusterSnapshot s2 = s.withNode(s.node(0).toBuilder().ready(false).build());
    assertThat(s2.node(0).ready()).isFalse();
    assertThat(s2.podsOn(0)).hasSize(1);
    ClusterSnapshot moved = s.withNode(s.node(0).toBuilder().build()).withNode(node("n0", "z", Platform.LINUX_ARM64));
    assertThat(moved.nodes()).extracting(Node::name).containsExactly("n0", "n1");
    assertThat(moved.podsOn(moved.nodeIndex("n1"))).hasSize(1);
    assertThat(moved.requested(moved.nodeIndex("n1")).milliCpu()).isEqualTo(100);
  }
}
