package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.engine.PlacementEngine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnitAffinityPluginTest {

  /* Nodes a1, a2 in unit "hz-a"; b1 in "hz-b"; c1 in "hz-c". */
  private static final ClusterSnapshot CLUSTER = ClusterSnapshot.builder()
      .node(Node.builder("a1", "hz-a").build())
      .node(Node.builder("a2", "hz-a").build())
      .node(Node.builder("b1", "hz-b").build())
      .node(Node.builder("c1", "hz-c").build())
      .build();

  private static final PlacementEngine ENGINE = PlacementEngine.builder().filter(UnitAffinityPlugin.create()).build();

  record Case(String description, Set<String> allowed, List<String> feasible, Map<String, List<String>> messages) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("a workload without allowed units runs in every unit", Set.of(),
            List.of("a1", "a2", "b1", "c1"), Map.of()),
        new Case("a workload allowed in one unit runs only on that unit's nodes, and rejections name unit and set",
            Set.of("hz-a"), List.of("a1", "a2"),
            Map.of("b1", List.of("\"hz-b\"", "[hz-a]"), "c1", List.of("\"hz-c\"", "[hz-a]"))),
        new Case("a workload allowed in two units runs in both, the allowed set listed sorted",
            Set.of("hz-c", "hz-b"), List.of("b1", "c1"), Map.of("a1", List.of("\"hz-a\"", "[hz-b, hz-c]"))),
        new Case("allowed units that do not exist are ignored while another allowed unit exists",
            Set.of("hz-b", "hz-gone"), List.of("b1"), Map.of("c1", List.of("[hz-b, hz-gone]"))),
        new Case("when no allowed unit exists every node is rejected at once, and the message says so",
            Set.of("hz-typo"), List.of(),
            Map.of("a1", List.of("none of the workload's allowed units [hz-typo] is in the cluster", "hz-a, hz-b, hz-c",
                "maybe a typo"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filter(Case c) {
    Workload w = Workload.builder("default", "app").allowedUnits(c.allowed()).build();

    PlacementResult result = ENGINE.explain(CLUSTER, w);

    assertThat(result.feasibleNodes()).containsExactlyInAnyOrderElementsOf(c.feasible());
    result.rejections().values().forEach(r -> {
      assertThat(r.reason()).isEqualTo(UnitAffinityPlugin.UNIT_NOT_ALLOWED);
      assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    });
    c.messages().forEach((node, parts) -> assertThat(result.rejections().get(node).message()).contains(parts));
  }

  @Test
  void rejectionsOfOneUnit_areOneSharedValue() {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder();
    for (int i = 0; i < 50; i++) {
      b.node(Node.builder("n" + i, i % 2 == 0 ? "even" : "odd").build());
    }
    PlacementResult result = ENGINE.place(b.build(), Workload.builder("d", "w").allowedUnits(Set.of("even")).build());

    assertThat(result.rejections()).hasSize(25);
    assertThat(result.rejections().values().stream().distinct()).hasSize(1);
    assertThat(result.rejections().get("n1").message())
        .isEqualTo("unit \"odd\" of the node is not among the workload's allowed units [even]");
  }

  @Test
  void explanation_saysWhetherTheUnitIsAllowed() {
    Workload w = Workload.builder("default", "app").allowedUnits(Set.of("hz-a")).build();

    PlacementResult result = ENGINE.explain(CLUSTER, w);

    assertThat(result.verdict("a1").orElseThrow().notes().get(UnitAffinityPlugin.NAME))
        .isEqualTo("unit \"hz-a\" is among the workload's allowed units [hz-a]");
  }
}
