package io.edgeplace.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.simulator.policy.KubeDefaultPolicy;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import io.edgeplace.simulator.scenario.ScenarioReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

  /* Unit b's uplink goes down at step 0; pods arrive every 10 s and may run only in b. */
  private static final String OUTAGE = """
      clock: {arrivalInterval: 10s, heartbeatInterval: 10s, nodeMonitorGracePeriod: 50s}
      images: [{name: reg/x:1, size: 1Mi, platforms: [linux/amd64]}]
      nodeTypes: {t: {platform: linux/amd64, cpu: 8, memory: 8Gi}}
      units: [{name: a, nodes: 1, mix: t}, {name: b, nodes: 1, mix: t}]
      outages: [{unit: b, from: 0%s}]
      apps: [{name: x, replicas: 8, units: [b], containers: [{image: reg/x:1, cpu: 100m, memory: 64Mi}]}]
      """;

  @Test
  void aSilentUnitStaysReadyForTheGracePeriod_soTheBaselinePlacesPodsThatCannotStart() {
    ScenarioInstance inst = ScenarioExpander.expand(ScenarioReader.parse(OUTAGE.formatted("")), 1);
    List<PodOutcome> out = Simulation.run(inst, new KubeDefaultPolicy(1)).outcomes();
    // The last heartbeat before the outage is at -10 s; the node is NotReady once it is over
    // 50 s old, at 50 s (step 5).
    assertThat(out).extracting(PodOutcome::placed).containsExactly(true, true, true, true, true, false, false, false);
    assertThat(out.subList(0, 5)).allMatch(PodOutcome::intoDisconnected);
  }

  @Test
  void aUnitDownLongBeforeTheRunIsNotReady_andTheBaselineAvoidsIt() {
    ScenarioInstance inst = ScenarioExpander.expand(ScenarioReader.parse(OUTAGE.formatted(", since: 10m")), 1);
    Figures f = Simulation.run(inst, new KubeDefaultPolicy(1)).figures();
    assertThat(f.placed()).isZero();
    assertThat(f.unschedulable()).isEqualTo(8);
  }

  @Test
  void anOutageThatEnds_letsPodsInAgainWhenHeartbeatsResume() {
    ScenarioInstance inst = ScenarioExpander.expand(ScenarioReader.parse(OUTAGE.formatted(", to: 6, since: 10m")), 1);
    List<PodOutcome> out = Simulation.run(inst, new KubeDefaultPolicy(1)).outcomes();
    assertThat(out).extracting(PodOutcome::placed).containsExactly(false, false, false, false, false, false, true, true);
    assertThat(out).noneMatch(PodOutcome::intoDisconnected);
  }

  @Test
  void theSameScenarioAndSeed_giveTheSameFleetAndFigures() throws Exception {
    var scenario = ScenarioReader.read(java.nio.file.Path.of("scenarios/small.yaml"));
    ScenarioInstance one = ScenarioExpander.expand(scenario, 5);
    ScenarioInstance two = ScenarioExpander.expand(scenario, 5);
    assertThat(two).isEqualTo(one);
    Figures a = Simulation.run(one, new KubeDefaultPolicy(5)).figures();
    Figures b = Simulation.run(two, new KubeDefaultPolicy(5)).figures();
    assertThat(b.placed()).isEqualTo(a.placed());
    assertThat(b.wanMbps()).isEqualTo(a.wanMbps());
    assertThat(b.units()).isEqualTo(a.units());
    assertThat(ScenarioExpander.expand(scenario, 6).nodes()).isNotEqualTo(one.nodes());
  }
}
