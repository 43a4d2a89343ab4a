package io.edgeplace.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.Platform;
import io.edgeplace.api.WellKnownKeys;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which required node affinity a gated pod gets for a feasible set: exact, compact, narrowing only. */
class GateAffinityTest {

  /* Unit "north" (edgeplace.io/unit): two arm64 nodes and an arm/v7 one; unit "south" (OpenYurt label): an amd64 one. */
  private static final ClusterSnapshot CLUSTER = ClusterSnapshot.builder()
      .node(node("n-arm64-1", WellKnownKeys.UNIT, "north", Platform.LINUX_ARM64, true))
      .node(node("n-arm64-2", WellKnownKeys.UNIT, "north", Platform.LINUX_ARM64, true))
      .node(node("n-armhf-1", WellKnownKeys.UNIT, "north", Platform.LINUX_ARM_V7, true))
      .node(node("s-x86-1", WellKnownKeys.OPENYURT_NODEPOOL, "south", Platform.LINUX_AMD64, true))
      .build();

  private static Node node(String name, String unitKey, String unit, Platform platform, boolean hostnameLabel) {
    Map<String, String> labels = new HashMap<>(Map.of(unitKey, unit, WellKnownKeys.ARCH, platform.architecture()));
    if (hostnameLabel) {
      labels.put(GateAffinity.HOSTNAME, name);
    }
    return Node.builder(name, unit).platform(platform).labels(labels).build();
  }

  private static final Pod PLAIN = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
      .withNewSpec().endSpec().build();

  private static Optional<Affinity> narrow(Pod pod, ClusterSnapshot cluster, String... feasible) {
    return GateAffinity.narrow(pod, cluster, Set.of(feasible), WellKnownKeys.DEFAULT_UNIT_LABELS);
  }

  private static List<NodeSelectorTerm> terms(Optional<Affinity> affinity) {
    return affinity.orElseThrow().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms();
  }

  private static NodeSelectorRequirement in(String key, String... values) {
    return new NodeSelectorRequirement(key, "In", List.of(values));
  }

  private static NodeSelectorTerm term(NodeSelectorRequirement... expressions) {
    return new NodeSelectorTerm(List.of(expressions), List.of());
  }

  @Test
  void aWholeUnitFeasible_isWrittenAsTheUnitAlone() {
    assertThat(terms(narrow(PLAIN, CLUSTER, "n-arm64-1", "n-arm64-2", "n-armhf-1")))
        .containsExactly(term(in(WellKnownKeys.UNIT, "north")));
  }

  @Test
  void theArm64NodesOfAUnit_areWrittenAsUnitAndArch() {
    assertThat(terms(narrow(PLAIN, CLUSTER, "n-arm64-1", "n-arm64-2")))
        .containsExactly(term(in(WellKnownKeys.UNIT, "north"), in(WellKnownKeys.ARCH, "arm64")));
  }

  @Test
  void oneOfTwoNodesWithTheSameUnitAndArch_isWrittenByHostname_becauseTheUnitFormWouldWidenIt() {
    assertThat(terms(narrow(PLAIN, CLUSTER, "n-arm64-1")))
        .containsExactly(term(in(GateAffinity.HOSTNAME, "n-arm64-1")));
  }

  @Test
  void nodesOfUnitsNamedByDifferentLabels_areWrittenByHostname() {
    assertThat(terms(narrow(PLAIN, CLUSTER, "n-armhf-1", "s-x86-1")))
        .containsExactly(term(in(GateAffinity.HOSTNAME, "n-armhf-1", "s-x86-1")));
  }

  @Test
  void nodesWithoutHostnameLabels_getOneNodeNameFieldTermEach_sinceAFieldSelectorTakesOneValue() {
    ClusterSnapshot unlabelled = ClusterSnapshot.builder()
        .node(node("a", WellKnownKeys.UNIT, "u", Platform.LINUX_ARM64, false))
        .node(node("b", WellKnownKeys.UNIT, "u", Platform.LINUX_ARM64, false))
        .node(node("c", WellKnownKeys.UNIT, "u", Platform.LINUX_ARM64, false))
        .build();

    assertThat(terms(narrow(PLAIN, unlabelled, "a", "c"))).containsExactly(
        new NodeSelectorTerm(List.of(), List.of(in("metadata.name", "a"))),
        new NodeSelectorTerm(List.of(), List.of(in("metadata.name", "c"))));
  }

  @Test
  void existingRequiredTerms_eachGetTheRequirementsAdded_andKeepTheirOwn() {
    Pod pod = new PodBuilder(PLAIN).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm().addToMatchExpressions(in("disk", "ssd")).endNodeSelectorTerm()
          .addNewNodeSelectorTerm().addToMatchFields(in("metadata.name", "s-x86-1")).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
          .addToMatchExpressions(in("gpu", "yes")).endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity().endAffinity().endSpec().build();

    Optional<Affinity> narrowed = narrow(pod, CLUSTER, "n-arm64-1", "n-arm64-2");

    assertThat(terms(narrowed)).containsExactly(
        term(in("disk", "ssd"), in(WellKnownKeys.UNIT, "north"), in(WellKnownKeys.ARCH, "arm64")),
        new NodeSelectorTerm(List.of(in(WellKnownKeys.UNIT, "north"), in(WellKnownKeys.ARCH, "arm64")),
            List.of(in("metadata.name", "s-x86-1"))));
    assertThat(narrowed.orElseThrow().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .as("preferences are kept").hasSize(1);
    assertThat(pod.getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().get(0).getMatchExpressions()).as("the pod itself is not changed").hasSize(1);
  }

  @Test
  void existingRequiredTerms_andNoExactConjunction_cannotBeNarrowed() {
    ClusterSnapshot unlabelled = ClusterSnapshot.builder()
        .node(node("a", WellKnownKeys.UNIT, "u", Platform.LINUX_ARM64, false))
        .node(node("b", WellKnownKeys.UNIT, "u", Platform.LINUX_ARM64, false))
        .build();
    Pod pod = new PodBuilder(PLAIN).editSpec().withNewAffinity().withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
          .addNewNodeSelectorTerm().addToMatchExpressions(in("disk", "ssd")).endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build();

    assertThat(narrow(pod, unlabelled, "a")).isEmpty();
  }

  @Test
  void noFeasibleNode_hasNoAffinity() {
    assertThat(narrow(PLAIN, CLUSTER)).isEmpty();
  }
}
