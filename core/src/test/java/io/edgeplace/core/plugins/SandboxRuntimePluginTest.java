package io.edgeplace.core.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxRuntimePluginTest {

  private static final ClusterSnapshot CLUSTER = ClusterSnapshot.builder()
      .node(Node.builder("plain", "shop-7").runtimeHandlers(Set.of("runc")).build())
      .node(Node.builder("kata", "shop-7").runtimeHandlers(Set.of("runc", "kata-qemu")).build())
      .node(Node.builder("gvisor", "shop-7").runtimeHandlers(Set.of("runc", "runsc")).build())
      .runtimeClass("kata", "kata-qemu")
      .build();

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a pod without a RuntimeClass runs on every node", null, Map.of(), Set.of("plain", "kata", "gvisor")),
        Arguments.of("a pod of RuntimeClass kata lands only where the kata-qemu handler is offered", "kata", Map.of(),
            Set.of("kata")),
        Arguments.of("a RuntimeClass missing from the cluster is mapped by configuration", "gvisor",
            Map.of("gvisor", "runsc"), Set.of("gvisor")),
        Arguments.of("the cluster's RuntimeClass wins over the configured mapping of the same name", "kata",
            Map.of("kata", "runsc"), Set.of("kata")),
        Arguments.of("an empty runtimeClassName is the same as none", "", Map.of(), Set.of("plain", "kata", "gvisor")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filter(String description, @Nullable String runtimeClass, Map<String, String> configured, Set<String> feasible) {
    Workload w = Workload.builder("default", "app").runtimeClassName(runtimeClass).build();
    Cycle c = Cycle.run(CLUSTER, w, SandboxRuntimePlugin.create(configured));
    assertThat(c.totals.keySet()).containsExactlyInAnyOrderElementsOf(feasible);
    c.filter.forEach((node, r) -> {
      if (!feasible.contains(node)) {
        FilterResult.Rejection rej = (FilterResult.Rejection) r;
        assertThat(rej.reason()).isEqualTo(SandboxRuntimePlugin.REASON_HANDLER_MISSING);
        assertThat(rej.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
      }
    });
  }

  @Test
  void filter_reasonNamesTheHandler_andTheExplanationWhatTheNodeOffers() {
    Workload w = Workload.builder("default", "app").runtimeClassName("kata").build();
    Cycle c = Cycle.run(CLUSTER, w, SandboxRuntimePlugin.create());
    assertThat(c.rejection("plain").message()).isEqualTo("runtime handler \"kata-qemu\" of RuntimeClass \"kata\" is "
        + "not among the node's edgeplace.io/runtime-handlers");
    assertThat(c.explain(SandboxRuntimePlugin.create(), "plain"))
        .isEqualTo("RuntimeClass \"kata\" needs handler \"kata-qemu\"; node \"plain\" offers [runc]");
  }

  @Test
  void preFilter_unknownRuntimeClassRejectsEveryNodeWithAClearMessage() {
    Workload w = Workload.builder("default", "app").runtimeClassName("kata-fc").build();
    Cycle c = Cycle.run(CLUSTER, w, SandboxRuntimePlugin.create(Map.of("gvisor", "runsc")));
    assertThat(c.totals).isEmpty();
    FilterResult.Rejection r = c.rejection("kata");
    assertThat(r.reason()).isEqualTo(SandboxRuntimePlugin.REASON_CLASS_NOT_FOUND);
    assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
    assertThat(r.message()).isEqualTo("RuntimeClass \"kata-fc\" of pod default/app is not among the cluster's or the "
        + "configured RuntimeClasses [gvisor, kata]; maybe create the RuntimeClass, or fix spec.runtimeClassName?");
  }

  @Test
  void filter_followsANodeThatGainsTheHandler() {
    Workload w = Workload.builder("default", "app").runtimeClassName("kata").build();
    ClusterSnapshot upgraded = CLUSTER.withNode(Node.builder("plain", "shop-7")
        .runtimeHandlers(Set.of("runc", "kata-qemu")).build());
    assertThat(Cycle.run(upgraded, w, SandboxRuntimePlugin.create()).totals.keySet())
        .containsExactlyInAnyOrder("plain", "kata");
    assertThat(Cycle.run(CLUSTER, w, SandboxRuntimePlugin.create()).totals.keySet())
        .as("the older snapshot is unchanged").containsExactly("kata");
  }

  @Test
  void create_rejectsABlankMapping() {
    assertThatThrownBy(() -> SandboxRuntimePlugin.create(Map.of("kata", " ")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"kata\" -> \" \"");
  }
}
