package io.edgeplace.simulator.run;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one policy's placements cost, measured on the final snapshot and the pod outcomes.
 *
 * <p>The bandwidth model is edgeplace's (see {@code UplinkDemand} in core): an uplink has two
 * directions with the unit's whole capacity each; a pod's ingress bandwidth loads the inbound
 * direction of its unit's uplink and its egress bandwidth the outbound one; declared peer traffic
 * ({@code r} bits/s between the declaring pod and each pod its selector matches, both directions
 * together) that crosses units loads both units' uplinks in full in each direction. An uplink's
 * utilisation is its busier direction over its capacity.
 *
 * @param policy                the policy's name
 * @param pods                  arriving pods
 * @param placed                pods placed on a node
 * @param unschedulable         pods left pending
 * @param archMismatch          placed pods whose image lacks the node's platform
 * @param runtimeMissing        placed pods whose RuntimeClass handler the node lacks
 * @param intoDisconnected      pods placed while their unit's uplink was down
 * @param limitedUplinks        units with a declared uplink capacity
 * @param oversubscribedUplinks units whose uplink utilisation exceeds 100%
 * @param worstUplinkPercent    the highest uplink utilisation, percent
 * @param wanMbps               declared peer traffic that crosses units, Mbit/s
 * @param meanSkew              mean over apps with two or more placed replicas of (most replicas
 *                              in one unit − fewest in one unit, over all units)
 * @param maxSkew               the largest such skew
 * @param appsInOneUnit         apps with two or more placed replicas, all in a single unit
 * @param pullSecondsTotal      estimated image pull time over all placed pods, seconds
 * @param pullSecondsMean       per placed pod
 * @param latencyMedianMicros   median decision latency, µs
 * @param latencyP99Micros      99th percentile decision latency, µs
 * @param units                 per unit: capacity and load, for charts
 */
public record Figures(String policy, int pods, int placed, int unschedulable, int archMismatch, int runtimeMissing,
                      int intoDisconnected, int limitedUplinks, int oversubscribedUplinks, double worstUplinkPercent,
                      double wanMbps, double meanSkew, int maxSkew, int appsInOneUnit, double pullSecondsTotal,
                      double pullSecondsMean, double latencyMedianMicros, double latencyP99Micros,
                      List<UnitLoad> units) {

  public Figures {
    units = List.copyOf(units);
  }

  /**
   * One unit's uplink at the end of the run.
   *
   * @param capacityBitsPerSecond {@link Unit#UNLIMITED} when undeclared
   * @param inBitsPerSecond       inbound load: pods' ingress plus cross-unit peer traffic
   * @param outBitsPerSecond      outbound load: pods' egress plus cross-unit peer traffic
   * @param pods                  pods placed in the unit
   */
  public record UnitLoad(String unit, long capacityBitsPerSecond, long inBitsPerSecond, long outBitsPerSecond,
                         int pods) {
    /** The busier direction over the capacity, percent; 0 for an unlimited uplink. */
    public double utilisationPercent() {
      return capacityBitsPerSecond == Unit.UNLIMITED ? 0
          : 100.0 * Math.max(inBitsPerSecond, outBitsPerSecond) / capacityBitsPerSecond;
    }
  }

  static Figures of(SimulationResult r) {
    ClusterSnapshot s = r.last();
    int placed = 0;
    int arch = 0;
    int runtime = 0;
    int disconnected = 0;
    double pull = 0;
    long[] latencies = new long[r.outcomes().size()];
    int k = 0;
    for (PodOutcome o : r.outcomes()) {
      latencies[k++] = o.latencyNanos();
      if (!o.placed()) {
        continue;
      }
      placed++;
      arch += o.archMismatch() ? 1 : 0;
      runtime += o.runtimeMissing() ? 1 : 0;
      disconnected += o.intoDisconnected() ? 1 : 0;
      pull += o.pullSeconds();
    }

    // Cross-unit peer traffic, per unit and in total.
    long[] crossPeer = new long[s.unitCount()];
    long[] podsInUnit = new long[s.unitCount()];
    long wan = 0;
    for (PlacedPod p : s.pods()) {
      int n = s.nodeIndex(p.nodeName());
      if (n < 0) {
        continue;
      }
      int u = s.unitOf(n);
      podsInUnit[u]++;
      for (TrafficPeer tp : p.trafficPeers()) {
        for (PlacedPod q : s.podsMatching(tp.selector())) {
          int m = s.nodeIndex(q.nodeName());
          if (m < 0 || q.key().equals(p.key()) || s.unitOf(m) == u) {
            continue;
          }
          crossPeer[u] += tp.bitsPerSecond();
          crossPeer[s.unitOf(m)] += tp.bitsPerSecond();
          wan += tp.bitsPerSecond();
        }
      }
    }
    List<UnitLoad> loads = new ArrayList<>(s.unitCount());
    int limited = 0;
    int over = 0;
    double worst = 0;
    for (int u = 0; u < s.unitCount(); u++) {
      Unit unit = s.unit(u);
      UnitLoad load = new UnitLoad(unit.name(), unit.uplinkBitsPerSecond(),
          s.unitIngressBitsPerSecond(u) + crossPeer[u], s.unitEgressBitsPerSecond(u) + crossPeer[u],
          (int) podsInUnit[u]);
      loads.add(load);
      if (unit.hasUplinkLimit()) {
        limited++;
        double pct = load.utilisationPercent();
        worst = Math.max(worst, pct);
        over += pct > 100.0 ? 1 : 0;
      }
    }

    // Replicas per unit, per app.
    Map<String, int[]> perApp = new HashMap<>();
    for (PodOutcome o : r.outcomes()) {
      if (o.placed()) {
        perApp.computeIfAbsent(o.app(), a -> new int[s.unitCount()])[s.unitIndex(o.unit())]++;
      }
    }
    int apps = 0;
    long skewSum = 0;
    int maxSkew = 0;
    int inOne = 0;
    for (int[] counts : perApp.values()) {
      int total = Arrays.stream(counts).sum();
      if (total < 2) {
        continue;
      }
      int max = Arrays.stream(counts).max().orElse(0);
      int min = Arrays.stream(counts).min().orElse(0);
      apps++;
      skewSum += max - min;
      maxSkew = Math.max(maxSkew, max - min);
      inOne += max == total ? 1 : 0;
    }

    Arrays.sort(latencies);
    return new Figures(r.policy(), r.outcomes().size(), placed, r.outcomes().size() - placed, arch, runtime,
        disconnected, limited, over, worst, wan / 1e6, apps == 0 ? 0 : (double) skewSum / apps, maxSkew, inOne, pull,
        placed == 0 ? 0 : pull / placed, percentile(latencies, 50) / 1e3, percentile(latencies, 99) / 1e3, loads);
  }

  /* Nearest-rank percentile of sorted values; 0 for none. */
  static double percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
