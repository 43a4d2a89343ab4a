package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.extender.placement.ExtenderMetrics;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.KubeConverter;
import io.edgeplace.extender.placement.Placer;
import io.edgeplace.extender.placement.Reservations;
import io.edgeplace.extender.placement.SnapshotSource;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A stand-in for the engine and adapters that tests of the translation layer control through
 * node labels: {@code test/reject=unresolvable|unschedulable} rejects, {@code test/score=N}
 * scores N (weight 2), and a pod label {@code test/only=NODE} rejects every other node.
 */
class FakeCore implements Placer, KubeConverter {
  static final String REJECT = "test/reject";
  static final String SCORE = "test/score";

  static ClusterSnapshot snapshot(int nodes) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(Instant.parse("2026-11-25T12:00:00Z"));
    for (int i = 0; i < nodes; i++) {
      Map<String, String> labels = new HashMap<>();
      labels.put(SCORE, String.valueOf(i % 101));
      if (i % 10 == 3) {
        labels.put(REJECT, "unresolvable");
      } else if (i % 10 == 7) {
        labels.put(REJECT, "unschedulable");
      }
      b.node(Node.builder(name(i), "unit-" + (i % 5)).labels(labels).build());
    }
    return b.build();
  }

  /** The extender's service over {@code source}, placing with a fresh FakeCore, binding nothing. */
  static ExtenderService service(SnapshotSource source, ExtenderMetrics metrics, InstantSource clock) {
    FakeCore core = new FakeCore();
    return new ExtenderService(source, core, core, Reservations.NONE, null, metrics, clock);
  }

  /** As {@link #service(SnapshotSource, ExtenderMetrics, InstantSource)}, with metrics of its own. */
  static ExtenderService service(SnapshotSource source, InstantSource clock) {
    return service(source, new ExtenderMetrics(source::freshness, () -> 0, clock), clock);
  }

  static String name(int i) {
    return String.format("edge-%05d", i);
  }

  @Override
  public PlacementResult place(ClusterSnapshot s, Workload w, Collection<String> names, boolean explain) {
    List<Integer> cands = new ArrayList<>();
    boolean[] seen = new boolean[s.nodeCount()];
    for (String n : names) {
      int i = s.nodeIndex(n);
      if (i >= 0 && !seen[i]) {
        seen[i] = true;
        cands.add(i);
      }
    }
    int n = cands.size();
    int[] candidates = cands.stream().mapToInt(Integer::intValue).toArray();
    FilterResult[] filter = new FilterResult[n];
    int[][] scores = new int[1][n];
    long[] totals = new long[n];
    String[][] notes = explain ? new String[1][n] : null;
    String only = w.labels().get("test/only");
    for (int p = 0; p < n; p++) {
      Node node = s.node(candidates[p]);
      String reject = node.labels().getOrDefault(REJECT, "");
      if (only != null && !only.equals(node.name())) {
        filter[p] = FilterResult.unschedulable("fake-only", "NotThatNode", "pod wants node " + only);
      } else if (reject.equals("unresolvable")) {
        filter[p] = FilterResult.unresolvable("fake-arch", "ArchitectureMismatch", "node arch does not fit");
      } else if (reject.equals("unschedulable")) {
        filter[p] = FilterResult.unschedulable("fake-bandwidth", "UplinkFull", "uplink has no room");
      } else {
        filter[p] = FilterResult.pass();
        scores[0][p] = Integer.parseInt(node.labels().getOrDefault(SCORE, "0"));
        totals[p] = 2L * scores[0][p];
      }
      if (notes != null) {
        notes[0][p] = "score label " + node.labels().get(SCORE);
      }
    }
    int[] ranking = IntStream.range(0, n).filter(p -> filter[p].passed()).boxed()
        .sorted(Comparator.<Integer>comparingLong(p -> -totals[p]).thenComparing(p -> s.node(candidates[p]).name()))
        .mapToInt(Integer::intValue).toArray();
    return new PlacementResult(s, w, candidates, filter, new String[] {"fake-score"}, new int[] {2}, scores, totals,
        ranking, new String[] {"fake-score"}, notes);
  }

  @Override
  public long maxTotal() {
    return 200;
  }

  @Override
  public Workload workload(io.fabric8.kubernetes.api.model.Pod pod) {
    var md = pod.getMetadata();
    Map<String, String> annotations = md.getAnnotations() == null ? Map.of() : md.getAnnotations();
    String ingress = annotations.getOrDefault("kubernetes.io/ingress-bandwidth", "0");
    if (!ingress.matches("\\d+")) {
      throw new IllegalArgumentException("metadata.annotations[kubernetes.io/ingress-bandwidth] \"" + ingress
          + "\" is not a number");
    }
    return Workload.builder(md.getNamespace() == null ? "default" : md.getNamespace(), md.getName())
        .labels(md.getLabels() == null ? Map.of() : md.getLabels())
        .annotations(annotations)
        .ingressBitsPerSecond(Long.parseLong(ingress))
        .build();
  }

  @Override
  public ClusterSnapshot overlay(ClusterSnapshot snapshot, List<io.fabric8.kubernetes.api.model.Node> nodes) {
    ClusterSnapshot.Builder b = snapshot.toBuilder();
    for (io.fabric8.kubernetes.api.model.Node n : nodes) {
      Map<String, String> labels = n.getMetadata().getLabels() == null ? Map.of() : n.getMetadata().getLabels();
      b.node(Node.builder(n.getMetadata().getName(), labels.getOrDefault("edgeplace.io/unit", "default"))
          .labels(labels).build());
    }
    return b.build();
  }
}
