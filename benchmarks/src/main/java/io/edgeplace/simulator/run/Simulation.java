package io.edgeplace.simulator.run;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.simulator.policy.Policy;
import io.edgeplace.simulator.scenario.Timing;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import io.edgeplace.simulator.scenario.ScenarioInstance.Outage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a {@link ScenarioInstance} with one {@link Policy}: pods arrive one by one, and each
 * decision is fed back into the snapshot ({@code snapshot.withPod(PlacedPod.of(workload, node))})
 * before the next pod is asked for.
 *
 * <p>The simulated clock moves by the scenario's arrival interval per pod. Node status follows
 * Kubernetes: every kubelet posts a heartbeat each {@code heartbeatInterval} (all in step); a
 * unit whose uplink is down posts none, so its nodes' {@code lastHeartbeat} stays at the last
 * one before the outage; once that is older than {@code nodeMonitorGracePeriod} the node is
 * NotReady and tainted {@code node.kubernetes.io/unreachable:NoSchedule}, as the node lifecycle
 * controller does. A pulled image stays on its node, so image locality and pull estimates see
 * earlier pulls. Nothing else changes during a run: pods are never removed.
 */
public final class Simulation {
  /** The taint the node lifecycle controller puts on a node whose Ready condition is Unknown. */
  public static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", "", TaintEffect.NO_SCHEDULE);

  private final ScenarioInstance instance;
  private final Timing timing;
  private final Node[] nodes;
  private final List<Taint>[] baseTaints;
  private final List<Outage>[] outagesOfUnit;
  private final Instant[] unitHeartbeat;
  private final boolean[] unitReady;
  private ClusterSnapshot snapshot;

  @SuppressWarnings("unchecked")
  private Simulation(ScenarioInstance instance) {
    this.instance = instance;
    this.timing = instance.scenario().timing();
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(timing.start())
        .units(instance.units()).nodes(instance.nodes());
    instance.scenario().runtimeClasses().forEach(b::runtimeClass);
    this.snapshot = b.build();
    int n = snapshot.nodeCount();
    this.nodes = new Node[n];
    this.baseTaints = new List[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = snapshot.node(i);
      baseTaints[i] = nodes[i].taints();
    }
    int u = snapshot.unitCount();
    this.outagesOfUnit = new List[u];
    for (int i = 0; i < u; i++) {
      outagesOfUnit[i] = new ArrayList<>();
    }
    for (Outage o : instance.outages()) {
      outagesOfUnit[snapshot.unitIndex(o.unit())].add(o);
    }
    this.unitHeartbeat = new Instant[u];
    this.unitReady = new boolean[u];
  }

  /** Runs every arrival of {@code instance} with {@code policy}. */
  public static SimulationResult run(ScenarioInstance instance, Policy policy) {
    return new Simulation(instance).run(policy);
  }

  private SimulationResult run(Policy policy) {
    List<Workload> arrivals = instance.arrivals();
    List<PodOutcome> outcomes = new ArrayList<>(arrivals.size());
    for (int step = 0; step < arrivals.size(); step++) {
      Instant now = instance.timeOf(step);
      updateNodeStatus(now);
      snapshot = snapshot.withTime(now);
      Workload w = arrivals.get(step);
      long t0 = System.nanoTime();
      Optional<String> choice = policy.choose(snapshot, w);
      long latency = System.nanoTime() - t0;
      String app = w.labels().getOrDefault(ScenarioExpander.APP_LABEL, w.name());
      if (choice.isEmpty()) {
        outcomes.add(new PodOutcome(w.key(), app, step, null, null, latency, false, false, false, 0));
        continue;
      }
      int n = snapshot.nodeIndex(choice.get());
      if (n < 0) {
        throw new IllegalStateException("policy " + policy.name() + " chose node \"" + choice.get() + "\" for pod "
            + w.key() + ", which is not in the snapshot");
      }
      outcomes.add(place(w, app, step, n, latency, now));
    }
    return new SimulationResult(policy.name(), instance, outcomes, snapshot);
  }

  private PodOutcome place(Workload w, String app, int step, int n, long latency, Instant now) {
    Node node = nodes[n];
    int u = snapshot.unitOf(n);
    Unit unit = snapshot.unit(u);
    boolean archMismatch = false;
    for (Container c : w.allContainers()) {
      archMismatch |= c.platformsKnown() && !c.platforms().contains(node.platform());
    }
    boolean runtimeMissing = false;
    if (w.runtimeClassName() != null) {
      String handler = snapshot.runtimeClassHandlers().get(w.runtimeClassName());
      runtimeMissing = handler == null || !node.runtimeHandlers().contains(handler);
    }
    boolean disconnected = down(u, now);
    long pullBps = Math.min(unit.uplinkBitsPerSecond(), instance.scenario().registryBitsPerSecond());
    double pullSeconds = 0;
    Map<String, Long> pulled = new LinkedHashMap<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Container c : w.allContainers()) {
      String key = ScenarioExpander.normalizedImage(c.image());
      if (!seen.add(key) || node.images().containsKey(key)
          || (c.platformsKnown() && !c.platforms().contains(node.platform()))) {
        continue; // present already, or a pull that fails for want of a matching platform
      }
      long size = instance.scenario().images().get(c.image()).sizeBytes();
      pullSeconds += size * 8.0 / pullBps;
      pulled.put(c.image(), size);
      pulled.put(key, size);
    }
    snapshot = snapshot.withPod(PlacedPod.of(w, node.name()));
    if (!pulled.isEmpty()) {
      Map<String, Long> images = new LinkedHashMap<>(node.images());
      images.putAll(pulled);
      nodes[n] = node.toBuilder().images(images).build();
      snapshot = snapshot.withNode(nodes[n]);
    }
    return new PodOutcome(w.key(), app, step, node.name(), unit.name(), latency, archMismatch, runtimeMissing,
        disconnected, pullSeconds);
  }

  /** Whether unit {@code u}'s uplink is down at {@code t}. */
  private boolean down(int u, Instant t) {
    for (Outage o : outagesOfUnit[u]) {
      if (o.activeAt(t)) {
        return true;
      }
    }
    return false;
  }

  /*
   * Recomputes each unit's newest heartbeat and readiness at `now` and rewrites the nodes of the
   * units that changed: a few units through withNode, many (every heartbeat tick changes every
   * connected unit) through one rebuild of the snapshot.
   */
  private void updateNodeStatus(Instant now) {
    List<Integer> changed = new ArrayList<>();
    for (int u = 0; u < unitHeartbeat.length; u++) {
      Instant hb = heartbeat(u, now);
      boolean ready = Duration.between(hb, now).compareTo(timing.nodeMonitorGracePeriod()) <= 0;
      if (!hb.equals(unitHeartbeat[u]) || ready != unitReady[u]) {
        unitHeartbeat[u] = hb;
        unitReady[u] = ready;
        changed.add(u);
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    int changedNodes = 0;
    for (int u : changed) {
      changedNodes += snapshot.unitSize(u);
    }
    boolean rebuild = changedNodes > 64;
    ClusterSnapshot.Builder b = rebuild ? snapshot.toBuilder() : null;
    for (int u : changed) {
      for (int k = 0; k < snapshot.unitSize(u); k++) {
        int n = snapshot.unitNode(u, k);
        List<Taint> taints = baseTaints[n];
        if (!unitReady[u]) {
          taints = new ArrayList<>(taints);
          taints.add(UNREACHABLE);
        }
        nodes[n] = nodes[n].toBuilder().lastHeartbeat(unitHeartbeat[u]).ready(unitReady[u]).taints(taints).build();
        if (b != null) {
          b.node(nodes[n]);
        } else {
          snapshot = snapshot.withNode(nodes[n]);
        }
      }
    }
    if (b != null) {
      snapshot = b.build();
    }
  }

  /* The newest heartbeat of unit u's kubelets at `now`: the last tick, or the last tick before its outage began. */
  private Instant heartbeat(int u, Instant now) {
    Instant last = now;
    for (Outage o : outagesOfUnit[u]) {
      if (o.activeAt(now)) {
        Instant beforeDown = o.down().minusNanos(1);
        last = beforeDown.isBefore(last) ? beforeDown : last;
      }
    }
    long hb = timing.heartbeatInterval().toNanos();
    long since = Duration.between(timing.start(), last).toNanos();
    return timing.start().plusNanos(Math.floorDiv(since, hb) * hb);
  }
}
