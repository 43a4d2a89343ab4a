package io.edgeplace.simulator.policy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.Toleration;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A model of kube-scheduler's default profile, written from the upstream plugin sources of
 * <b>Kubernetes v1.33</b> ({@code pkg/scheduler/framework/plugins/…} and
 * {@code pkg/scheduler/apis/config/v1/default_plugins.go}), for the pods and nodes a scenario
 * describes. It knows nothing of image platforms, uplinks, traffic or connectivity: a node whose
 * uplink is down is avoided only once the node lifecycle controller has marked it NotReady (the
 * simulator then taints it {@code node.kubernetes.io/unreachable:NoSchedule}; a node that is
 * not ready without such a taint is treated as tainted {@code node.kubernetes.io/not-ready}).
 *
 * <p>Per pod, as {@code schedulePod} does:
 * <ol>
 *   <li><b>Feasible nodes</b>: nodes are visited in the node tree's zone-interleaved order,
 *       starting where the previous pod stopped, until {@code numFeasibleNodesToFind} are found
 *       (all nodes below 100; else the adaptive {@code percentageOfNodesToScore}:
 *       {@code max(5, 50 - nodes/125)} percent, at least 100). Filters:
 *       NodeUnschedulable; TaintToleration (NoSchedule and NoExecute taints must be tolerated);
 *       NodeAffinity ({@code nodeSelector}, a required affinity on {@code kubernetes.io/arch}, and
 *       the app's allowed units, which a Kubernetes user would write as a required affinity on
 *       {@code edgeplace.io/unit}); NodeResourcesFit (pod count, CPU, memory, ephemeral storage
 *       against allocatable minus requested). PodTopologySpread's system defaults are
 *       ScheduleAnyway and filter nothing; no pod declares ports, volumes or inter-pod affinity,
 *       and all pods have one priority, so DefaultPreemption never finds a victim.</li>
 *   <li><b>Scores</b> (skipped when one node is feasible), weighted as in
 *       {@code default_plugins.go}: TaintToleration ×3 (untolerated PreferNoSchedule taints,
 *       reverse-normalized); NodeAffinity ×2 (no preferred terms: 0); PodTopologySpread ×2 with
 *       the system default constraints ({@code topology.kubernetes.io/zone} maxSkew 5,
 *       {@code kubernetes.io/hostname} maxSkew 3, ScheduleAnyway) over the pods of the pod's
 *       owner, domain weights {@code ln(domains + 2)}, NodeInclusionPolicy Honor for node
 *       affinity; NodeResourcesFit ×1 with LeastAllocated (CPU and memory weight 1, with the
 *       non-zero defaults of 100m CPU and 200 MiB for requests left at 0);
 *       NodeResourcesBalancedAllocation ×1 (1 − |cpu fraction − memory fraction| / 2, skipped for
 *       best-effort pods); ImageLocality ×1 (image sizes scaled by the share of nodes holding
 *       them, clamped to 23 MiB … 1000 MiB × containers, init containers included).</li>
 *   <li><b>Selection</b>: the highest total wins; ties are broken by reservoir sampling over the
 *       feasible nodes in the order they were found, with a random stream seeded by the
 *       simulator's {@code --seed} ({@code selectHost}).</li>
 * </ol>
 *
 * <p>Simplifications, none of which change a decision for the pods a scenario can describe:
 * the non-zero request defaults apply per pod for placed pods (the simulator knows their total
 * requests, not per container); pod overhead, extended resources, DRA and volume plugins are
 * absent.
 */
public final class KubeDefaultPolicy implements Policy {
  public static final String NAME = "kube-default";

  static final int WEIGHT_TAINT_TOLERATION = 3;
  static final int WEIGHT_NODE_AFFINITY = 2;
  static final int WEIGHT_POD_TOPOLOGY_SPREAD = 2;
  static final int WEIGHT_NODE_RESOURCES_FIT = 1;
  static final int WEIGHT_BALANCED_ALLOCATION = 1;
  static final int WEIGHT_IMAGE_LOCALITY = 1;

  static final long DEFAULT_MILLI_CPU_REQUEST = 100;
  static final long DEFAULT_MEMORY_REQUEST = 200L * 1024 * 1024;
  static final long MB = 1024L * 1024;
  static final long IMAGE_MIN_THRESHOLD = 23 * MB;
  static final long IMAGE_MAX_CONTAINER_THRESHOLD = 1000 * MB;
  static final int ZONE_MAX_SKEW = 5;
  static final int HOSTNAME_MAX_SKEW = 3;

  private static final Taint NOT_READY = new Taint("node.kubernetes.io/not-ready", "", TaintEffect.NO_SCHEDULE);
  private static final Taint UNSCHEDULABLE = new Taint("node.kubernetes.io/unschedulable", "", TaintEffect.NO_SCHEDULE);

  private final Random random;
  private int nextStartNodeIndex;
  private int[] treeOrder = new int[0];

  /** A baseline whose tie-breaks draw from a stream seeded with {@code seed}. */
  public KubeDefaultPolicy(long seed) {
    this.random = new Random(seed);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** kube-scheduler's {@code numFeasibleNodesToFind} with the default (adaptive) percentage. */
  static int numFeasibleNodesToFind(int allNodes) {
    if (allNodes < 100) {
      return allNodes;
    }
    int percentage = Math.max(5, 50 - allNodes / 125);
    return Math.max(100, allNodes * percentage / 100);
  }

  @Override
  public Optional<String> choose(ClusterSnapshot s, Workload w) {
    int n = s.nodeCount();
    if (n == 0) {
      return Optional.empty();
    }
    int[] order = treeOrder(s);
    int toFind = numFeasibleNodesToFind(n);
    int[] feasible = new int[toFind];
    int found = 0;
    int processed = 0;
    for (int k = 0; k < n && found < toFind; k++) {
      int node = order[(nextStartNodeIndex + k) % n];
      processed++;
      if (passesFilters(s, w, node)) {
        feasible[found++] = node;
      }
    }
    nextStartNodeIndex = (nextStartNodeIndex + processed) % n;
    if (found == 0) {
      return Optional.empty();
    }
    if (found == 1) {
      return Optional.of(s.node(feasible[0]).name());
    }
    long[] totals = scores(s, w, feasible, found);
    int selected = 0;
    long max = totals[0];
    int countOfMax = 1;
    for (int i = 1; i < found; i++) {
      if (totals[i] > max) {
        max = totals[i];
        selected = i;
        countOfMax = 1;
      } else if (totals[i] == max) {
        countOfMax++;
        if (random.nextInt(countOfMax) == 0) {
          selected = i;
        }
      }
    }
    return Optional.of(s.node(feasible[selected]).name());
  }

  /** The weighted total of every score plugin for {@code feasible[0 .. found-1]}. */
  static long[] scores(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    long[] totals = new long[found];
    add(totals, taintToleration(s, w, feasible, found), WEIGHT_TAINT_TOLERATION);
    // NodeAffinity: scenario pods declare no preferred terms, so every node scores 0 (×2).
    add(totals, podTopologySpread(s, w, feasible, found), WEIGHT_POD_TOPOLOGY_SPREAD);
    add(totals, leastAllocated(s, w, feasible, found), WEIGHT_NODE_RESOURCES_FIT);
    add(totals, balancedAllocation(s, w, feasible, found), WEIGHT_BALANCED_ALLOCATION);
    add(totals, imageLocality(s, w, feasible, found), WEIGHT_IMAGE_LOCALITY);
    return totals;
  }

  private static void add(long[] totals, long[] scores, int weight) {
    for (int i = 0; i < totals.length; i++) {
      totals[i] += scores[i] * weight;
    }
  }

  // ---- filters ----

  static boolean passesFilters(ClusterSnapshot s, Workload w, int index) {
    Node node = s.node(index);
    if (node.unschedulable() && !tolerated(w, UNSCHEDULABLE)) {
      return false;
    }
    for (Taint t : node.taints()) {
      if (t.effect() != TaintEffect.PREFER_NO_SCHEDULE && !tolerated(w, t)) {
        return false;
      }
    }
    if (!node.ready() && !tolerated(w, NOT_READY)) {
      return false;
    }
    return matchesRequiredAffinity(w, node) && fits(s, w, index);
  }

  private static boolean tolerated(Workload w, Taint t) {
    for (Toleration tol : w.tolerations()) {
      if (tol.tolerates(t)) {
        return true;
      }
    }
    return false;
  }

  /** {@code nodeSelector}, a required affinity on the arch label, and allowed units as an affinity on the unit label. */
  static boolean matchesRequiredAffinity(Workload w, Node node) {
    Map<String, String> labels = node.labels();
    for (Map.Entry<String, String> e : w.nodeSelector().entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    if (!w.requiredArchitectures().isEmpty() && !w.requiredArchitectures().contains(labels.get(WellKnownKeys.ARCH))) {
      return false;
    }
    return w.allowedUnits().isEmpty() || w.allowedUnits().contains(labels.get(WellKnownKeys.UNIT));
  }

  private static boolean fits(ClusterSnapshot s, Workload w, int index) {
    Resources alloc = s.node(index).allocatable();
    Resources used = s.requested(index);
    Resources req = w.requests();
    if (used.pods() + 1 > alloc.pods()) {
      return false;
    }
    if (req.milliCpu() > 0 && req.milliCpu() > alloc.milliCpu() - used.milliCpu()) {
      return false;
    }
    if (req.memoryBytes() > 0 && req.memoryBytes() > alloc.memoryBytes() - used.memoryBytes()) {
      return false;
    }
    return req.ephemeralStorageBytes() <= 0
        || req.ephemeralStorageBytes() <= alloc.ephemeralStorageBytes() - used.ephemeralStorageBytes();
  }

  // ---- scores ----

  static long[] taintToleration(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    long[] raw = new long[found];
    long max = 0;
    for (int i = 0; i < found; i++) {
      for (Taint t : s.node(feasible[i]).taints()) {
        if (t.effect() == TaintEffect.PREFER_NO_SCHEDULE && !toleratedPreferNoSchedule(w, t)) {
          raw[i]++;
        }
      }
      max = Math.max(max, raw[i]);
    }
    for (int i = 0; i < found; i++) {
      raw[i] = max == 0 ? 100 : 100 - 100 * raw[i] / max;
    }
    return raw;
  }

  private static boolean toleratedPreferNoSchedule(Workload w, Taint t) {
    for (Toleration tol : w.tolerations()) {
      if ((tol.effect() == null || tol.effect() == TaintEffect.PREFER_NO_SCHEDULE) && tol.tolerates(t)) {
        return true;
      }
    }
    return false;
  }

  static long[] podTopologySpread(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    long[] scores = new long[found];
    if (w.owner() == null || w.labels().isEmpty()) {
      return scores; // no default constraints without a controller selector: PreScore skips
    }
    Map<String, Integer> zoneCount = new HashMap<>();
    for (int i = 0; i < found; i++) {
      zoneCount.putIfAbsent(zoneOf(s.node(feasible[i])), 0);
    }
    double zoneWeight = Math.log(zoneCount.size() + 2);
    double hostWeight = Math.log(found + 2);
    int[] onNode = new int[s.nodeCount()];
    String uid = w.owner().uid();
    for (PlacedPod p : s.podsMatching(new LabelSelector(w.labels()))) {
      int node = s.nodeIndex(p.nodeName());
      if (node < 0 || p.owner() == null || !p.owner().uid().equals(uid) || !p.namespace().equals(w.namespace())) {
        continue;
      }
      onNode[node]++;
      Node nd = s.node(node);
      String zone = zoneOf(nd);
      if (zoneCount.containsKey(zone) && matchesRequiredAffinity(w, nd)) {
        zoneCount.merge(zone, 1, Integer::sum);
      }
    }
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < found; i++) {
      Node nd = s.node(feasible[i]);
      double score = 0;
      if (nd.labels().containsKey(WellKnownKeys.TOPOLOGY_ZONE)) {
        score += zoneCount.get(zoneOf(nd)) * zoneWeight + (ZONE_MAX_SKEW - 1);
      }
      score += onNode[feasible[i]] * hostWeight + (HOSTNAME_MAX_SKEW - 1);
      scores[i] = Math.round(score);
      min = Math.min(min, scores[i]);
      max = Math.max(max, scores[i]);
    }
    for (int i = 0; i < found; i++) {
      scores[i] = max == 0 ? 100 : 100 * (max + min - scores[i]) / max;
    }
    return scores;
  }

  private static String zoneOf(Node node) {
    return node.labels().getOrDefault(WellKnownKeys.TOPOLOGY_ZONE, "");
  }

  static long[] leastAllocated(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    long podCpu = nonZeroCpu(w);
    long podMemory = nonZeroMemory(w);
    long[] scores = new long[found];
    for (int i = 0; i < found; i++) {
      int node = feasible[i];
      long cpu = podCpu;
      long memory = podMemory;
      for (PlacedPod p : s.podsOn(node)) {
        cpu += p.requests().milliCpu() == 0 ? DEFAULT_MILLI_CPU_REQUEST : p.requests().milliCpu();
        memory += p.requests().memoryBytes() == 0 ? DEFAULT_MEMORY_REQUEST : p.requests().memoryBytes();
      }
      Node nd = s.node(node);
      cpu += nd.requested().milliCpu();
      memory += nd.requested().memoryBytes();
      Resources alloc = nd.allocatable();
      scores[i] = (leastRequested(cpu, alloc.milliCpu()) + leastRequested(memory, alloc.memoryBytes())) / 2;
    }
    return scores;
  }

  private static long leastRequested(long requested, long capacity) {
    if (capacity == 0 || requested > capacity) {
      return 0;
    }
    return (capacity - requested) * 100 / capacity;
  }

  /* Per container, a request of 0 counts as 100m; the pod's is max(sum of containers, largest init container). */
  static long nonZeroCpu(Workload w) {
    long sum = 0;
    for (Container c : w.containers()) {
      sum += c.requests().milliCpu() == 0 ? DEFAULT_MILLI_CPU_REQUEST : c.requests().milliCpu();
    }
    for (Container c : w.initContainers()) {
      sum = Math.max(sum, c.requests().milliCpu() == 0 ? DEFAULT_MILLI_CPU_REQUEST : c.requests().milliCpu());
    }
    return sum;
  }

  static long nonZeroMemory(Workload w) {
    long sum = 0;
    for (Container c : w.containers()) {
      sum += c.requests().memoryBytes() == 0 ? DEFAULT_MEMORY_REQUEST : c.requests().memoryBytes();
    }
    for (Container c : w.initContainers()) {
      sum = Math.max(sum, c.requests().memoryBytes() == 0 ? DEFAULT_MEMORY_REQUEST : c.requests().memoryBytes());
    }
    return sum;
  }

  static long[] balancedAllocation(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    long[] scores = new long[found];
    Resources req = w.requests();
    if (req.milliCpu() == 0 && req.memoryBytes() == 0) {
      return scores; // best-effort pods: PreScore skips
    }
    for (int i = 0; i < found; i++) {
      Resources used = s.requested(feasible[i]);
      Resources alloc = s.node(feasible[i]).allocatable();
      double[] fractions = new double[2];
      int k = 0;
      if (alloc.milliCpu() > 0) {
        fractions[k++] = Math.min(1.0, (double) (used.milliCpu() + req.milliCpu()) / alloc.milliCpu());
      }
      if (alloc.memoryBytes() > 0) {
        fractions[k++] = Math.min(1.0, (double) (used.memoryBytes() + req.memoryBytes()) / alloc.memoryBytes());
      }
      double std = k == 2 ? Math.abs((fractions[0] - fractions[1]) / 2) : 0;
      scores[i] = (long) ((1 - std) * 100);
    }
    return scores;
  }

  static long[] imageLocality(ClusterSnapshot s, Workload w, int[] feasible, int found) {
    List<Container> containers = w.allContainers();
    List<String> images = new ArrayList<>(containers.size());
    int[] spread = new int[containers.size()];
    Map<String, Integer> nodesWith = new HashMap<>();
    for (int c = 0; c < containers.size(); c++) {
      String image = ScenarioExpander.normalizedImage(containers.get(c).image());
      images.add(image);
      spread[c] = nodesWith.computeIfAbsent(image, img -> {
        int count = 0;
        for (int n = 0; n < s.nodeCount(); n++) {
          if (s.node(n).images().containsKey(img)) {
            count++;
          }
        }
        return count;
      });
    }
    long maxThreshold = IMAGE_MAX_CONTAINER_THRESHOLD * containers.size();
    long[] scores = new long[found];
    for (int i = 0; i < found; i++) {
      Map<String, Long> present = s.node(feasible[i]).images();
      long sum = 0;
      for (int c = 0; c < images.size(); c++) {
        Long size = present.get(images.get(c));
        if (size != null) {
          sum += (long) (size * ((double) spread[c] / s.nodeCount()));
        }
      }
      long clamped = Math.max(IMAGE_MIN_THRESHOLD, Math.min(maxThreshold, sum));
      scores[i] = 100 * (clamped - IMAGE_MIN_THRESHOLD) / (maxThreshold - IMAGE_MIN_THRESHOLD);
    }
    return scores;
  }

  // ---- the node tree ----

  /*
   * kube-scheduler lists nodes zone by zone, round-robin (nodeTree.list), so that the first
   * numFeasibleNodesToFind nodes span the zones. Zones here are units in name order, nodes in
   * name order within a zone. The fleet never changes during a run; the order is built once.
   */
  private int[] treeOrder(ClusterSnapshot s) {
    if (treeOrder.length == s.nodeCount()) {
      return treeOrder;
    }
    Map<String, List<Integer>> zones = new java.util.TreeMap<>();
    for (int n = 0; n < s.nodeCount(); n++) {
      zones.computeIfAbsent(zoneOf(s.node(n)), z -> new ArrayList<>()).add(n);
    }
    int[] order = new int[s.nodeCount()];
    int k = 0;
    for (int round = 0; k < order.length; round++) {
      for (List<Integer> zone : zones.values()) {
        if (round < zone.size()) {
          order[k++] = zone.get(round);
        }
      }
    }
    treeOrder = order;
    return order;
  }
}
