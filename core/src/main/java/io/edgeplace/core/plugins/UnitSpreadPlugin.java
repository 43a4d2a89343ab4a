package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Score: spreads a workload's replicas across units in proportion to unit capacity, so that
 * losing one unit's uplink loses no more than that unit's fair share of the workload.
 *
 * <p>Replicas are the placed pods with the workload's {@link OwnerRef} (same uid); a workload
 * without an owner counts the pods of its namespace with exactly its labels. The workload itself
 * never counts. Owner replicas are found through the label index: every replica shares at least
 * one label with the workload (its pod template's); an owned workload without labels falls back
 * to a scan of all pods.
 *
 * <p>Only units with a feasible node take part. A unit's capacity is the allocatable CPU of its
 * feasible nodes ({@link Capacity#CPU}, the default) or their count ({@link Capacity#NODES}); CPU
 * falls back to node count when no feasible node declares any. With {@code R} replicas in those
 * units, placing one more gives unit {@code u} the fair share
 * {@code (R + 1) × capacity(u) / capacity(all)}; the unit's deficit is its fair share minus its
 * replicas, and scores are the deficits scaled min–max into [0, 100] (all 100 when equal). The
 * first replica therefore goes to the largest unit, and a unit below its share beats one above.
 *
 * <p>Everything is computed per unit in preScore; the per-node call is two array reads.
 */
public final class UnitSpreadPlugin implements ScorePlugin {

  /** The plugin's name. */
  public static final String NAME = "unit-spread";

  /** What a unit's capacity is measured in. */
  public enum Capacity {
    /** The allocatable CPU of the unit's feasible nodes (node count when none declares any). */
    CPU,
    /** The number of the unit's feasible nodes. */
    NODES
  }

  private static final StateKey<Spread> SPREAD = StateKey.of(NAME, Spread.class);
  private static final UnitSpreadPlugin CPU_INSTANCE = new UnitSpreadPlugin(Capacity.CPU);
  private static final UnitSpreadPlugin NODES_INSTANCE = new UnitSpreadPlugin(Capacity.NODES);

  private final Capacity capacity;
  /*
   * Reading allocatable CPU through every Node record costs a cache miss or two a node; nodes
   * change far less often than pods, so the per-node values are kept as one array per node
   * generation and the preScore loop reads it in order.
   */
  private final PerNodeGeneration<long[]> cpuPerNode = new PerNodeGeneration<>(UnitSpreadPlugin::milliCpu);

  private UnitSpreadPlugin(Capacity capacity) {
    this.capacity = capacity;
  }

  private static long[] milliCpu(ClusterSnapshot snapshot) {
    long[] cpu = new long[snapshot.nodeCount()];
    for (int i = 0; i < cpu.length; i++) {
      cpu[i] = snapshot.node(i).allocatable().milliCpu();
    }
    return cpu;
  }

  /** The plugin weighing units by allocatable CPU: a shared instance. */
  public static UnitSpreadPlugin create() {
    return CPU_INSTANCE;
  }

  /** The plugin weighing units by {@code capacity}: a shared instance. */
  public static UnitSpreadPlugin create(Capacity capacity) {
    return Objects.requireNonNull(capacity, "capacity") == Capacity.CPU ? CPU_INSTANCE : NODES_INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  /*
   * Per cycle, per unit index: the normalized score, and for explanations the replica count,
   * the capacity and the fair share.
   */
  private record Spread(int[] score, long[] nodes, int[] replicas, long[] capacity, double[] share, boolean byCpu, int total,
                        String found) {
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    ClusterSnapshot snapshot = state.snapshot();
    int units = snapshot.unitCount();
    long[] cpu = new long[units];
    long[] nodeCount = new long[units];
    long cpuSum = 0;
    if (capacity == Capacity.CPU) {
      long[] milliCpu = cpuPerNode.get(snapshot);
      for (int i = 0; i < count; i++) {
        int node = nodes[i];
        int u = snapshot.unitOf(node);
        nodeCount[u]++;
        cpu[u] += milliCpu[node];
        cpuSum += milliCpu[node];
      }
    } else {
      for (int i = 0; i < count; i++) {
        nodeCount[snapshot.unitOf(nodes[i])]++;
      }
    }
    boolean byCpu = capacity == Capacity.CPU && cpuSum > 0;
    long[] cap = byCpu ? cpu : nodeCount;

    List<PlacedPod> replicas = replicas(snapshot, state.workload());
    int[] perUnit = new int[units];
    int total = 0;
    for (PlacedPod pod : replicas) {
      int node = snapshot.nodeIndex(pod.nodeName());
      if (node >= 0 && nodeCount[snapshot.unitOf(node)] > 0) {
        perUnit[snapshot.unitOf(node)]++;
        total++;
      }
    }
    long capSum = 0;
    for (int u = 0; u < units; u++) {
      capSum += cap[u];
    }
    double[] share = new double[units];
    double[] deficit = new double[units];
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int u = 0; u < units; u++) {
      if (nodeCount[u] == 0) {
        continue;
      }
      share[u] = capSum == 0 ? 0 : (total + 1) * (double) cap[u] / capSum;
      deficit[u] = share[u] - perUnit[u];
      min = Math.min(min, deficit[u]);
      max = Math.max(max, deficit[u]);
    }
    int[] score = new int[units];
    for (int u = 0; u < units; u++) {
      if (nodeCount[u] == 0) {
        continue;
      }
      score[u] = max - min < 1e-9 ? 100 : (int) Math.round(100 * (deficit[u] - min) / (max - min));
    }
    state.put(SPREAD, new Spread(score, nodeCount, perUnit, cap, share, byCpu, total, describe(state.workload())));
  }

  @Override
  public long score(CycleState state, int node) {
    return state.get(SPREAD).score[state.snapshot().unitOf(node)];
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    int[] byUnit = state.get(SPREAD).score;
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      scores[k] = byUnit[s.unitOf(nodes[k])];
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    Spread s = state.find(SPREAD);
    if (s == null) {
      return "";
    }
    int u = state.snapshot().unitOf(node);
    String unit = state.snapshot().unit(u).name();
    if (s.nodes[u] == 0) {
      return "unit \"" + unit + "\" has no feasible node";
    }
    long capSum = 0;
    for (long c : s.capacity) {
      capSum += c;
    }
    String measure = s.byCpu ? "m CPU" : " nodes";
    return String.format(Locale.ROOT, "unit \"%s\" holds %d of the %d replicas (%s) in feasible units; its fair "
            + "share after this one is %.2f (capacity %d%s of %d%s)", unit, s.replicas[u], s.total, s.found,
        s.share[u], s.capacity[u], measure, capSum, measure);
  }

  @Override
  public String toString() {
    return NAME + "[capacity=" + capacity + "]";
  }

  /** The placed replicas of {@code workload}, excluding itself, by key. */
  static List<PlacedPod> replicas(ClusterSnapshot snapshot, Workload workload) {
    String self = workload.key();
    OwnerRef owner = workload.owner();
    Map<String, PlacedPod> found = new TreeMap<>();
    if (owner != null) {
      List<List<PlacedPod>> sources = new ArrayList<>();
      if (workload.labels().isEmpty()) {
        sources.add(snapshot.pods());
      } else {
        workload.labels().forEach((k, v) -> sources.add(snapshot.podsMatching(LabelSelector.of(k, v))));
      }
      for (List<PlacedPod> pods : sources) {
        for (PlacedPod p : pods) {
          if (p.owner() != null && p.owner().uid().equals(owner.uid()) && !p.key().equals(self)) {
            found.put(p.key(), p);
          }
        }
      }
    } else if (!workload.labels().isEmpty()) {
      for (PlacedPod p : snapshot.podsMatching(new LabelSelector(workload.labels()))) {
        if (p.namespace().equals(workload.namespace()) && p.labels().equals(workload.labels())
            && !p.key().equals(self)) {
          found.put(p.key(), p);
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static String describe(Workload workload) {
    OwnerRef owner = workload.owner();
    if (owner != null) {
      return "owned by " + owner.kind() + " " + workload.namespace() + "/" + owner.name();
    }
    if (workload.labels().isEmpty()) {
      return "no owner and no labels: no replicas can be found";
    }
    return "pods of namespace " + workload.namespace() + " labelled exactly " + new LabelSelector(workload.labels());
  }
}
