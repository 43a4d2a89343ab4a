package io.edgeplace.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.plugins.UplinkBandwidthPlugin;
import io.edgeplace.simulator.policy.EdgeplacePolicy;
import io.edgeplace.simulator.policy.KubeDefaultPolicy;
import io.edgeplace.simulator.run.Figures;
import io.edgeplace.simulator.run.PodOutcome;
import io.edgeplace.simulator.run.Simulation;
import io.edgeplace.simulator.run.SimulationResult;
import io.edgeplace.simulator.scenario.Scenario;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import io.edgeplace.simulator.scenario.ScenarioReader;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * edgeplace against the baseline on {@code scenarios/realistic.yaml} (50 units of 20 nodes,
 * amd64/arm64/armhf, uplinks from 10 Mbit/s to 1 Gbit/s, 3 units disconnected, 500 apps). Both
 * policies run once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealisticScenarioTest {
  private ScenarioInstance instance;
  private SimulationResult edgeplaceRun;
  private Figures edgeplace;
  private Figures baseline;

  @BeforeAll
  void runBothPolicies() {
    Scenario scenario = ScenarioReader.read(Path.of("scenarios", "realistic.yaml"));
    instance = ScenarioExpander.expand(scenario, scenario.seed());
    edgeplaceRun = Simulation.run(instance, EdgeplacePolicy.create());
    edgeplace = edgeplaceRun.figures();
    baseline = Simulation.run(instance, new KubeDefaultPolicy(scenario.seed())).figures();
  }

  @Test
  void edgeplace_placesNoPodOnANodeWhosePlatformItsImageLacks() {
    assertThat(edgeplace.archMismatch()).isZero();
    assertThat(baseline.archMismatch()).as("the scenario does test it: the baseline gets it wrong").isPositive();
  }

  @Test
  void edgeplace_placesNoPodIntoADisconnectedUnit() {
    assertThat(edgeplace.intoDisconnected()).isZero();
    assertThat(edgeplaceRun.outcomes()).filteredOn(PodOutcome::placed)
        .noneMatch(o -> o.unit().equals("site-07") || o.unit().equals("site-19") || o.unit().equals("site-33"));
  }

  @Test
  void edgeplace_oversubscribesNoUplink() {
    // A pod edgeplace leaves pending had no feasible node left: its filters reject a node only
    // when the placement would break a constraint (bandwidth, platform, connectivity).
    assertThat(edgeplace.oversubscribedUplinks()).isZero();
    assertThat(edgeplace.worstUplinkPercent()).isLessThanOrEqualTo(100.0);
    assertThat(baseline.oversubscribedUplinks()).as("the scenario does test it").isPositive();
  }

  @Test
  void edgeplace_sendsLessTrafficAcrossTheWanThanTheBaseline_inTotalAndPerPlacedPod() {
    assertThat(edgeplace.wanMbps()).isLessThan(baseline.wanMbps());
    assertThat(edgeplace.wanMbps() / edgeplace.placed()).isLessThan(baseline.wanMbps() / baseline.placed());
  }

  @Test
  void edgeplace_withUplinkHeadroomWeighted20_placesEveryPod_andKeepsEveryGuarantee() {
    // Placement is greedy: with a light uplink-headroom weight, pull cost and traffic locality
    // gather talking apps into the fattest uplinks until they are full, and their later peers then
    // fit nowhere (placing them elsewhere would put the peer traffic on the full uplink too).
    Figures tuned = Simulation.run(instance, EdgeplacePolicy.of(
        DefaultPlugins.builder().weight(UplinkBandwidthPlugin.NAME, 20).build())).figures();
    assertThat(tuned.unschedulable()).isZero();
    assertThat(tuned.archMismatch()).isZero();
    assertThat(tuned.intoDisconnected()).isZero();
    assertThat(tuned.oversubscribedUplinks()).isZero();
    assertThat(tuned.wanMbps()).isLessThan(baseline.wanMbps());
  }
}
