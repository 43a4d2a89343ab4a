package io.edgeplace.samples.gate;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.WellKnownKeys;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns "the pod may run on exactly these nodes" into a required node affinity that Kubernetes
 * accepts on a gated pod, so that any scheduler (the default one too) keeps to it.
 *
 * <p>Kubernetes lets a pod's required node affinity change only while the pod is gated, and only
 * to narrow it: a pod without required terms may get any; a pod with terms may only get
 * requirements added to each of them (terms are ORed, requirements in a term ANDed). So the
 * feasible set is written as one conjunction of requirements, added to every existing term (or
 * forming the only term), the most compact of these that selects <em>exactly</em> the feasible
 * nodes of the snapshot:
 * <ol>
 *   <li>{@code <unit label> In [units]}: every node of those units is feasible;</li>
 *   <li>{@code <unit label> In [units]}, {@code kubernetes.io/arch In [archs]}: every node of
 *       those units with those architectures is feasible;</li>
 *   <li>{@code kubernetes.io/hostname In [hostnames]}: the feasible nodes one by one.</li>
 * </ol>
 * Each candidate is checked against every node's labels; one that would also select an
 * infeasible node is never used. The unit forms let nodes that join those units later qualify too;
 * the hostname form does not. A pod without terms whose nodes carry no usable hostname label gets
 * one {@code metadata.name} field term per node instead (a node field selector takes one value).
 */
final class GateAffinity {

  static final String HOSTNAME = "kubernetes.io/hostname";

  private GateAffinity() {
  }

  /**
   * A copy of {@code pod}'s affinity narrowed to {@code feasible} nodes of {@code snapshot}, or
   * empty when it cannot be written (the pod has terms and no conjunction is exact).
   *
   * @param unitLabels the unit label chain of the adapters, in priority order
   */
  static Optional<Affinity> narrow(Pod pod, ClusterSnapshot snapshot, Set<String> feasible, List<String> unitLabels) {
    if (feasible.isEmpty()) {
      return Optional.empty();
    }
    List<NodeSelectorTerm> existing = existingTerms(pod.getSpec());
    List<NodeSelectorRequirement> conjunction = exactConjunction(snapshot, feasible, unitLabels);
    List<NodeSelectorTerm> terms = new ArrayList<>();
    if (conjunction != null && existing.isEmpty()) {
      terms.add(new NodeSelectorTerm(conjunction, List.of()));
    } else if (conjunction != null) {
      for (NodeSelectorTerm term : existing) {
        List<NodeSelectorRequirement> expressions = new ArrayList<>(nullToEmpty(term.getMatchExpressions()));
        expressions.addAll(conjunction);
        terms.add(new NodeSelectorTerm(expressions, term.getMatchFields()));
      }
    } else if (existing.isEmpty()) {
      for (String name : new TreeSet<>(feasible)) {
        terms.add(new NodeSelectorTerm(List.of(), List.of(in("metadata.name", Set.of(name)))));
      }
    } else {
      return Optional.empty();
    }
    Affinity affinity = pod.getSpec().getAffinity() == null ? new Affinity()
        : new io.fabric8.kubernetes.api.model.AffinityBuilder(pod.getSpec().getAffinity()).build();
    NodeAffinity nodeAffinity = affinity.getNodeAffinity() == null ? new NodeAffinity() : affinity.getNodeAffinity();
    nodeAffinity.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(terms));
    affinity.setNodeAffinity(nodeAffinity);
    return Optional.of(affinity);
  }

  /* The most compact conjunction that selects exactly the feasible nodes, or null. */
  private static @Nullable List<NodeSelectorRequirement> exactConjunction(ClusterSnapshot snapshot, Set<String> feasible,
                                                                          List<String> unitLabels) {
    String unitKey = null;
    Set<String> units = new TreeSet<>();
    Set<String> archs = new TreeSet<>();
    Set<String> hostnames = new TreeSet<>();
    boolean sameUnitKey = true;
    for (String name : feasible) {
      Node node = snapshot.node(name).orElseThrow();
      String key = unitLabels.stream().filter(node.labels()::containsKey).findFirst().orElse(null);
      if (key == null || (unitKey != null && !unitKey.equals(key))) {
        sameUnitKey = false;
      } else {
        unitKey = key;
        units.add(node.labels().get(key));
      }
      archs.add(node.labels().getOrDefault(WellKnownKeys.ARCH, ""));
      hostnames.add(node.labels().getOrDefault(HOSTNAME, ""));
    }
    List<List<NodeSelectorRequirement>> candidates = new ArrayList<>();
    if (sameUnitKey && unitKey != null) {
      candidates.add(List.of(in(unitKey, units)));
      if (!archs.contains("")) {
        candidates.add(List.of(in(unitKey, units), in(WellKnownKeys.ARCH, archs)));
      }
    }
    if (!hostnames.contains("")) {
      candidates.add(List.of(in(HOSTNAME, hostnames)));
    }
    for (List<NodeSelectorRequirement> candidate : candidates) {
      if (selectsExactly(candidate, snapshot, feasible)) {
        return candidate;
      }
    }
    return null;
  }

  private static boolean selectsExactly(List<NodeSelectorRequirement> conjunction, ClusterSnapshot snapshot,
                                        Set<String> feasible) {
    for (Node node : snapshot.nodes()) {
      boolean selected = conjunction.stream().allMatch(r -> {
        String value = node.labels().get(r.getKey());
        return value != null && r.getValues().contains(value);
      });
      if (selected != feasible.contains(node.name())) {
        return false;
      }
    }
    return true;
  }

  private static NodeSelectorRequirement in(String key, Set<String> values) {
    return new NodeSelectorRequirement(key, "In", List.copyOf(new TreeSet<>(values)));
  }

  private static List<NodeSelectorTerm> existingTerms(PodSpec spec) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      return List.of();
    }
    return nullToEmpty(spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms());
  }

  private static <T> List<T> nullToEmpty(@Nullable List<T> list) {
    return list == null ? List.of() : list;
  }
}
