package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import io.edgeplace.core.testing.TestPlugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.engine.PlacementEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnitSpreadPluginTest {

  private static final OwnerRef RS = new OwnerRef("ReplicaSet", "web-1", "uid-web");
  private static final OwnerRef OTHER = new OwnerRef("ReplicaSet", "db-1", "uid-db");
  private static final Map<String, String> WEB = Map.of("app", "web");

  /** A unit of {@code nodes} nodes of {@code cores} cores each, named {@code <unit>-0 ..}. */
  private record UnitShape(String name, int nodes, int cores) {
  }

  private record Pod(String name, String node, Map<String, String> labels, OwnerRef owner, String namespace) {
  }

  private static Pod replica(String name, String node) {
    return new Pod(name, node, WEB, RS, "default");
  }

  record Case(String description, List<UnitShape> units, List<Pod> pods, Workload workload,
              UnitSpreadPlugin.Capacity capacity, Map<String, Integer> expectedByUnit) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static final Workload NEW_REPLICA = Workload.builder("default", "web-new").labels(WEB).owner(RS).build();

  private static Case spread(String description, List<UnitShape> units, List<Pod> pods, Workload workload,
                             Map<String, Integer> expected) {
    return new Case(description, units, pods, workload, UnitSpreadPlugin.Capacity.CPU, expected);
  }

  static Stream<Case> cases() {
    List<UnitShape> twoEqual = List.of(new UnitShape("a", 2, 4), new UnitShape("b", 2, 4));
    return Stream.of(
        spread("with two equal units and both replicas in one, the empty unit scores 100 and the full one 0",
            twoEqual, List.of(replica("r1", "a-0"), replica("r2", "a-1")), NEW_REPLICA, Map.of("a", 0, "b", 100)),
        spread("with equal units holding equal replicas every unit scores 100", twoEqual,
            List.of(replica("r1", "a-0"), replica("r2", "b-1")), NEW_REPLICA, Map.of("a", 100, "b", 100)),
        spread("the first replica goes to the unit with the most capacity",
            List.of(new UnitShape("a", 1, 4), new UnitShape("b", 3, 4)), List.of(), NEW_REPLICA,
            Map.of("a", 0, "b", 100)),
        spread("a big unit below its fair share beats a small unit at its share",
            List.of(new UnitShape("a", 3, 4), new UnitShape("b", 1, 4)),
            List.of(replica("r1", "a-0"), replica("r2", "a-1"), replica("r3", "b-0")), NEW_REPLICA,
            Map.of("a", 100, "b", 0)),
        spread("capacity is allocatable CPU: one 16-core node outweighs three 2-core nodes",
            List.of(new UnitShape("a", 3, 2), new UnitShape("b", 1, 16)), List.of(), NEW_REPLICA,
            Map.of("a", 0, "b", 100)),
        spread("a unit's fair share counts its capacity: 6 cores with no replica beat 16 cores with one",
            List.of(new UnitShape("a", 3, 2), new UnitShape("b", 1, 16)), List.of(replica("r1", "b-0")), NEW_REPLICA,
            Map.of("a", 100, "b", 0)),
        new Case("capacity as node count: three nodes outweigh one, whatever their cores",
            List.of(new UnitShape("a", 3, 2), new UnitShape("b", 1, 16)), List.of(), NEW_REPLICA,
            UnitSpreadPlugin.Capacity.NODES, Map.of("a", 100, "b", 0)),
        spread("nodes without allocatable CPU fall back to node count",
            List.of(new UnitShape("a", 3, 0), new UnitShape("b", 1, 0)), List.of(), NEW_REPLICA,
            Map.of("a", 100, "b", 0)),
        spread("replicas are found by owner uid even when their labels differ from the workload's but share one",
            twoEqual, List.of(new Pod("r1", "a-0", Map.of("app", "web", "pod", "r1"), RS, "default")),
            Workload.builder("default", "web-new").labels(Map.of("app", "web", "pod", "new")).owner(RS).build(),
            Map.of("a", 0, "b", 100)),
        spread("pods with the same labels but another owner are not replicas", twoEqual,
            List.of(new Pod("d1", "a-0", WEB, OTHER, "default"), replica("r1", "b-0")), NEW_REPLICA,
            Map.of("a", 100, "b", 0)),
        spread("without an owner, pods of the namespace with exactly the workload's labels are the replicas",
            twoEqual, List.of(new Pod("p1", "a-0", WEB, null, "default"),
                new Pod("p2", "b-0", Map.of("app", "web", "extra", "x"), null, "default"),
                new Pod("p3", "b-1", WEB, null, "elsewhere")),
            Workload.builder("default", "web-new").labels(WEB).build(), Map.of("a", 0, "b", 100)),
        spread("a workload without owner or labels has no replicas, so capacity alone decides",
            List.of(new UnitShape("a", 1, 4), new UnitShape("b", 2, 4)), List.of(replica("r1", "b-0")),
            Workload.builder("default", "lonely").build(), Map.of("a", 0, "b", 100)),
        spread("the workload itself, already placed, does not count as its own replica", twoEqual,
            List.of(replica("web-new", "a-0")), NEW_REPLICA, Map.of("a", 100, "b", 100)));
  }

  private static ClusterSnapshot cluster(List<UnitShape> units, List<Pod> pods) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder();
    for (UnitShape u : units) {
      for (int i = 0; i < u.nodes(); i++) {
        b.node(Node.builder(u.name() + "-" + i, u.name()).allocatable(new Resources(1000L * u.cores(), 1L << 33, 0, 110))
            .build());
      }
    }
    for (Pod p : pods) {
      b.pod(new PlacedPod(p.namespace(), p.name(), p.node(), p.labels(), p.owner(), Resources.ZERO, 0, 0, List.of()));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void score(Case c) {
    PlacementEngine engine = PlacementEngine.builder().score(UnitSpreadPlugin.create(c.capacity()), 1).build();

    PlacementResult result = engine.explain(cluster(c.units(), c.pods()), c.workload());

    for (var v : result.verdicts()) {
      assertThat(v.scores().get(0).score()).as("score of %s in unit %s; note: %s", v.node(), v.unit(),
          v.notes().get(UnitSpreadPlugin.NAME)).isEqualTo(c.expectedByUnit().get(v.unit()));
    }
  }

  @Test
  void unitsWithoutAFeasibleNode_takeNoPart() {
    ClusterSnapshot snapshot = cluster(List.of(new UnitShape("a", 1, 4), new UnitShape("b", 1, 4),
        new UnitShape("c", 1, 4)), List.of(replica("r1", "b-0"), replica("r2", "c-0"), replica("r3", "c-0")));
    PlacementEngine engine = PlacementEngine.builder()
        .filter(TestPlugins.rejecting("c-0"))
        .score(UnitSpreadPlugin.create(), 1).build();

    PlacementResult result = engine.explain(snapshot, NEW_REPLICA);

    assertThat(result.feasibleNodes()).containsExactly("a-0", "b-0");
    assertThat(result.verdict("a-0").orElseThrow().notes().get(UnitSpreadPlugin.NAME))
        .contains("holds 0 of the 1 replicas", "fair share after this one is 1.00", "4000m CPU of 8000m CPU");
  }

  @Test
  void aNodeWhoseCpuChanges_changesItsUnitsCapacityAtOnce() {
    ClusterSnapshot before = cluster(List.of(new UnitShape("a", 1, 4), new UnitShape("b", 1, 8)), List.of());
    ClusterSnapshot after = before.withNode(before.node("a-0").orElseThrow().toBuilder()
        .allocatable(new Resources(16_000, 1L << 33, 0, 110)).build());
    PlacementEngine engine = PlacementEngine.builder().score(UnitSpreadPlugin.create(), 1).build();

    assertThat(engine.place(before, NEW_REPLICA).feasibleNodes().get(0)).isEqualTo("b-0");
    assertThat(engine.place(after, NEW_REPLICA).feasibleNodes().get(0)).isEqualTo("a-0");
    assertThat(engine.place(before, NEW_REPLICA).feasibleNodes().get(0)).isEqualTo("b-0");
  }
}
