package io.edgeplace.simulator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Workload;
import io.edgeplace.simulator.run.Figures;
import io.edgeplace.simulator.run.PodOutcome;
import io.edgeplace.simulator.run.Simulation;
import io.edgeplace.simulator.run.SimulationResult;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import io.edgeplace.simulator.scenario.ScenarioReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The baseline against a scenario small enough to work out by hand.
 *
 * <p>Two units of one node each: {@code a-n01} (amd64, 4 CPU, 8 GiB, uplink 10 Mbit/s) and
 * {@code b-n01} (arm64, 2 CPU, 8 GiB, uplink 100 Mbit/s). Four pods arrive in this order:
 * {@code db-0} (1 CPU, 1 GiB, amd64-only image of 100 MiB, ingress 4M, egress 6M),
 * {@code web-0} and {@code web-1} (500m, 512 MiB, a 50 MiB amd64+arm64 image, egress 2M, peer
 * traffic 3M with db), {@code tool-0} (100m, 128 MiB, amd64-only image of 10 MiB).
 *
 * <pre>
 * Weights: TaintToleration 3, PodTopologySpread 2, LeastAllocated 1, Balanced 1, ImageLocality 1.
 * No taints: TaintToleration is 100 (×3 = 300) everywhere. Two nodes, two zones: both PTS domain
 * weights are ln(2+2) = 1.386; a node's raw PTS score is zoneCount·1.386 + 4 + nodeCount·1.386 + 2.
 *
 * db-0   PTS: no db pods, raw 6 on both → 100 (×2 = 200).
 *        LeastAllocated A: cpu (4000-1000)·100/4000 = 75, mem (8192-1024)·100/8192 = 87 → 81
 *                       B: cpu (2000-1000)·100/2000 = 50, mem 87 → 68
 *        Balanced A: |0.25-0.125|/2 = 0.0625 → 93;  B: |0.5-0.125|/2 = 0.1875 → 81
 *        Images: none present → 0.      A = 300+200+81+93 = 674,  B = 300+200+68+81 = 649 → a-n01
 *        pull 100 MiB over 10 Mbit/s = 104857600·8/1e7 = 83.886 s
 * web-0  PTS 200 both. LeastAllocated A: cpu 1500 → 62, mem 1536 → 81 → 71
 *                                      B: cpu 500 → 75, mem 512 → 93 → 84
 *        Balanced A: |0.375-0.1875|/2 = 0.09375 → 90;  B: |0.25-0.0625|/2 = 0.09375 → 90
 *        A = 300+200+71+90 = 661,  B = 300+200+84+90 = 674 → b-n01
 *        pull 50 MiB over 100 Mbit/s = 4.194 s
 * web-1  PTS: web-0 is on B (zone b): raw A = 6, B = 1.386+4+1.386+2 = 8.77 → 9;
 *        normalized 100·(9+6-s)/9: A 100 (×2 = 200), B 66 (×2 = 132)
 *        LeastAllocated A 71 (as before); B: cpu 1000 → 50, mem 1024 → 87 → 68
 *        Balanced A 90; B: |0.5-0.125|/2 = 0.1875 → 81
 *        ImageLocality B: 50 MiB · (1 of 2 nodes) = 25 MiB; 100·(25-23)/(1000-23) MiB → 0
 *        A = 300+200+71+90 = 661,  B = 300+132+68+81 = 581 → a-n01
 *        pull 50 MiB over 10 Mbit/s = 41.943 s
 * tool-0 PTS 200 both. LeastAllocated A: cpu 1600 → 60, mem 1664 → 79 → 69
 *                                      B: cpu 600 → 70, mem 640 → 92 → 81
 *        Balanced A: |0.4-0.203|/2 = 0.098 → 90;  B: |0.3-0.078|/2 = 0.111 → 88
 *        A = 300+200+69+90 = 659,  B = 300+200+81+88 = 669 → b-n01: an amd64-only image on an
 *        arm64 node, an exec format error; nothing is pulled.
 *
 * Figures: 4 placed, 0 unschedulable, 1 arch mismatch.
 * Uplinks: web-0 (unit b) talks 3M with db-0 (unit a) across the WAN: 3 Mbit/s of WAN traffic,
 * on both uplinks in each direction. web-1 sits with db-0 in unit a: no WAN.
 *   a: in 4M (db) + 3M = 7M, out 6M (db) + 2M (web-1) + 3M = 11M → 110% of 10M: oversubscribed
 *   b: in 3M, out 2M (web-0) + 3M = 5M → 5% of 100M
 * Skew: web has one replica in each unit → 0; no app sits in one unit.
 * Pull total 83.886 + 4.194 + 41.943 = 130.023 s, mean 32.506 s per placed pod.
 * </pre>
 */
class KubeDefaultPolicyTest {

  static final String HAND_CHECKED = """
      name: hand-checked
      images:
        - {name: reg/db:1, size: 100Mi, platforms: [linux/amd64]}
        - {name: reg/web:1, size: 50Mi, platforms: [linux/amd64, linux/arm64]}
        - {name: reg/tool:1, size: 10Mi, platforms: [linux/amd64]}
      nodeTypes:
        big: {platform: linux/amd64, cpu: 4, memory: 8Gi}
        small: {platform: linux/arm64, cpu: 2, memory: 8Gi}
      units:
        - {name: a, nodes: 1, mix: big, uplink: {bandwidth: 10M}}
        - {name: b, nodes: 1, mix: small, uplink: {bandwidth: 100M}}
      apps:
        - name: db
          containers: [{image: reg/db:1, cpu: "1", memory: 1Gi}]
          bandwidth: {ingress: 4M, egress: 6M}
        - name: web
          replicas: 2
          containers: [{image: reg/web:1, cpu: 500m, memory: 512Mi}]
          bandwidth: {egress: 2M}
          peers: [{app: db, bandwidth: 3M}]
        - name: tool
          containers: [{image: reg/tool:1, cpu: 100m, memory: 128Mi}]
      arrival: sequential
      """;

  private static ScenarioInstance handChecked() {
    return ScenarioExpander.expand(ScenarioReader.parse(HAND_CHECKED), 1);
  }

  @Test
  void scores_matchTheHandCalculationAtEveryStep() {
    ScenarioInstance inst = handChecked();
    ClusterSnapshot s = ClusterSnapshot.builder().units(inst.units()).nodes(inst.nodes()).build();
    List<Workload> pods = inst.arrivals();
    assertThat(pods).extracting(Workload::name).containsExactly("db-0", "web-0", "web-1", "tool-0");
    int[] both = {s.nodeIndex("a-n01"), s.nodeIndex("b-n01")};

    assertThat(KubeDefaultPolicy.scores(s, pods.get(0), both, 2)).containsExactly(674, 649);
    s = place(s, pods.get(0), "a-n01", "reg/db:1", 100L << 20);
    assertThat(KubeDefaultPolicy.scores(s, pods.get(1), both, 2)).containsExactly(661, 674);
    s = place(s, pods.get(1), "b-n01", "reg/web:1", 50L << 20);
    assertThat(KubeDefaultPolicy.podTopologySpread(s, pods.get(2), both, 2)).containsExactly(100, 66);
    assertThat(KubeDefaultPolicy.imageLocality(s, pods.get(2), both, 2)).containsExactly(0, 0);
    assertThat(KubeDefaultPolicy.scores(s, pods.get(2), both, 2)).containsExactly(661, 581);
    s = place(s, pods.get(2), "a-n01", "reg/web:1", 50L << 20);
    assertThat(KubeDefaultPolicy.leastAllocated(s, pods.get(3), both, 2)).containsExactly(69, 81);
    assertThat(KubeDefaultPolicy.balancedAllocation(s, pods.get(3), both, 2)).containsExactly(90, 88);
    assertThat(KubeDefaultPolicy.scores(s, pods.get(3), both, 2)).containsExactly(659, 669);
  }

  private static ClusterSnapshot place(ClusterSnapshot s, Workload w, String node, String image, long size) {
    Node n = s.node(node).orElseThrow();
    Map<String, Long> images = new HashMap<>(n.images());
    images.put(image, size);
    return s.withPod(PlacedPod.of(w, node)).withNode(n.toBuilder().images(images).build());
  }

  @Test
  void simulatedFigures_matchTheHandCalculation() {
    SimulationResult run = Simulation.run(handChecked(), new KubeDefaultPolicy(1));
    assertThat(run.outcomes()).extracting(PodOutcome::node).containsExactly("a-n01", "b-n01", "a-n01", "b-n01");
    assertThat(run.outcomes()).extracting(PodOutcome::archMismatch).containsExactly(false, false, false, true);
    Figures f = run.figures();
    assertThat(f.placed()).isEqualTo(4);
    assertThat(f.unschedulable()).isZero();
    assertThat(f.archMismatch()).isEqualTo(1);
    assertThat(f.runtimeMissing()).isZero();
    assertThat(f.intoDisconnected()).isZero();
    assertThat(f.wanMbps()).isCloseTo(3.0, within(1e-9));
    assertThat(f.oversubscribedUplinks()).isEqualTo(1);
    assertThat(f.worstUplinkPercent()).isCloseTo(110.0, within(1e-9));
    assertThat(f.units()).extracting(Figures.UnitLoad::inBitsPerSecond).containsExactly(7_000_000L, 3_000_000L);
    assertThat(f.units()).extracting(Figures.UnitLoad::outBitsPerSecond).containsExactly(11_000_000L, 5_000_000L);
    ClusterSnapshot last = run.last();
    for (int u = 0; u < last.unitCount(); u++) {
      assertThat(f.units().get(u).inBitsPerSecond()).as("the snapshot's own peer accounting agrees")
          .isEqualTo(last.unitIngressBitsPerSecond(u) + last.unitPeerBitsPerSecond(u));
      assertThat(f.units().get(u).outBitsPerSecond())
          .isEqualTo(last.unitEgressBitsPerSecond(u) + last.unitPeerBitsPerSecond(u));
    }
    assertThat(f.meanSkew()).isZero();
    assertThat(f.maxSkew()).isZero();
    assertThat(f.appsInOneUnit()).isZero();
    assertThat(f.pullSecondsTotal()).isCloseTo(83.88608 + 4.194304 + 41.94304, within(1e-6));
    assertThat(f.pullSecondsMean()).isCloseTo(130.023424 / 4, within(1e-6));
  }

  @Test
  void numFeasibleNodesToFind_followsTheAdaptivePercentage() {
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(50)).isEqualTo(50);
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(100)).isEqualTo(100);
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(1000)).isEqualTo(420);   // 50 - 8 = 42%
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(5000)).isEqualTo(500);   // 50 - 40 = 10%
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(10000)).isEqualTo(500);  // floor of 5%
    assertThat(KubeDefaultPolicy.numFeasibleNodesToFind(1500)).isEqualTo(570);   // 50 - 12 = 38%
  }

  @Test
  void tieBreak_isSeededReservoirSampling_soTheSameSeedGivesTheSameChoices() {
    String twins = """
        images: [{name: reg/x:1, size: 1Mi, platforms: [linux/amd64]}]
        nodeTypes: {t: {platform: linux/amd64, cpu: 4, memory: 8Gi}}
        units: [{name: u, count: 4, nodes: 2, mix: t}]
        apps: [{name: x, replicas: 1, count: 30, containers: [{image: reg/x:1, cpu: 100m, memory: 64Mi}]}]
        """;
    ScenarioInstance inst = ScenarioExpander.expand(ScenarioReader.parse(twins), 3);
    List<String> first = Simulation.run(inst, new KubeDefaultPolicy(42)).outcomes().stream().map(PodOutcome::node)
        .toList();
    List<String> again = Simulation.run(inst, new KubeDefaultPolicy(42)).outcomes().stream().map(PodOutcome::node)
        .toList();
    List<String> other = Simulation.run(inst, new KubeDefaultPolicy(43)).outcomes().stream().map(PodOutcome::node)
        .toList();
    assertThat(again).isEqualTo(first);
    assertThat(other).as("another seed breaks the many ties differently").isNotEqualTo(first);
  }
}
