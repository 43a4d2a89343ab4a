package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.MBIT;
import static io.edgeplace.core.plugins.Fixtures.NOW;
import static io.edgeplace.core.plugins.Fixtures.labelled;
import static io.edgeplace.core.plugins.Fixtures.node;
import static io.edgeplace.core.plugins.Fixtures.peer;
import static io.edgeplace.core.plugins.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrafficLocalityPluginTest {

  /*
   * Region eu: units shop-1 (nodes a1 a2, 40 ms) and shop-2 (b1, 40 ms); region us: units far-fast (c1, 10 ms)
   * and far-slow (d1, 200 ms). The broker runs on a1.
   */
  private static ClusterSnapshot cluster() {
    return ClusterSnapshot.builder().time(NOW)
        .unit(unit("shop-1", "eu", 0, 40)).unit(unit("shop-2", "eu", 0, 40))
        .unit(unit("far-fast", "us", 0, 10)).unit(unit("far-slow", "us", 0, 200))
        .node(node("a1", "shop-1", "eu")).node(node("a2", "shop-1", "eu")).node(node("b1", "shop-2", "eu"))
        .node(node("c1", "far-fast", "us")).node(node("d1", "far-slow", "us"))
        .pod(labelled("broker", "a1", "broker"))
        .build();
  }

  private static Workload talker(long mbit) {
    return Workload.builder("default", "web").trafficPeers(List.of(peer("broker", mbit))).build();
  }

  static Stream<Arguments> rankings() {
    return Stream.of(
        Arguments.of("same node ranks above same unit, same region, and across the WAN weighted by latency",
            talker(20), List.of("a1", "a2", "b1", "c1", "d1")),
        Arguments.of("a pod that placed pods declare as their peer is drawn to them in the same way (a1 and a2 tie, by name)",
            Workload.builder("default", "db").labels(Map.of("app", "db")).build(), List.of("b1", "a1", "a2", "c1", "d1")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rankings")
  void score(String description, Workload w, List<String> expected) {
    ClusterSnapshot s = cluster().withPod(new PlacedPod("default", "client", "b1", Map.of(), null, Resources.ZERO, 0,
        0, List.of(peer("db", 5))));
    Cycle c = Cycle.run(s, w, TrafficLocalityPlugin.create());
    assertThat(c.ranking()).containsExactlyElementsOf(expected);
    assertThat(c.score(TrafficLocalityPlugin.NAME, expected.get(0))).isEqualTo(100);
    assertThat(c.score(TrafficLocalityPlugin.NAME, "d1")).isZero();
  }

  @Test
  void score_podWithoutPeersScoresTheSameEverywhere() {
    Cycle c = Cycle.run(cluster(), Fixtures.pod("lonely"), TrafficLocalityPlugin.create());
    assertThat(c.scores.get(TrafficLocalityPlugin.NAME).values()).containsOnly(0L);
    assertThat(c.explain(TrafficLocalityPlugin.create(), "a1")).isEqualTo("no traffic peers");
  }

  @Test
  void score_rawCostFollowsTheNetworkOverheadModelWeightedByBandwidth() {
    Cycle c = Cycle.run(cluster(), talker(1), TrafficLocalityPlugin.create());
    Map<String, Long> raw = c.raw.get(TrafficLocalityPlugin.NAME);
    assertThat(raw.get("a1")).isZero();
    assertThat(raw.get("a2")).isEqualTo(TrafficLocalityPlugin.SAME_UNIT * MBIT);
    assertThat(raw.get("b1")).isEqualTo((TrafficLocalityPlugin.SAME_REGION + 40 + 40) * MBIT);
    assertThat(raw.get("c1")).isEqualTo((TrafficLocalityPlugin.ACROSS_WAN + 10 + 40) * MBIT);
    assertThat(raw.get("d1")).isEqualTo((TrafficLocalityPlugin.ACROSS_WAN + 200 + 40) * MBIT);
  }

  @Test
  void score_rawCostFollowsAGivenCostModel() {
    TrafficLocalityPlugin p = TrafficLocalityPlugin.create(new TrafficLocalityPlugin.CostModel(2, 50, 1000));
    Map<String, Long> raw = Cycle.run(cluster(), talker(1), p).raw.get(TrafficLocalityPlugin.NAME);
    assertThat(raw.get("a1")).isZero();
    assertThat(raw.get("a2")).isEqualTo(2 * MBIT);
    assertThat(raw.get("b1")).isEqualTo((50 + 40 + 40) * MBIT);
    assertThat(raw.get("c1")).isEqualTo((1000 + 10 + 40) * MBIT);
    assertThat(p.costs()).isEqualTo(new TrafficLocalityPlugin.CostModel(2, 50, 1000));
    assertThat(TrafficLocalityPlugin.create(TrafficLocalityPlugin.CostModel.DEFAULT))
        .isSameAs(TrafficLocalityPlugin.create());
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @org.junit.jupiter.params.provider.CsvSource({
      "-1, 10, 100, sameUnit is -1", "1, 10, 1001, acrossWan is 1001", "5, 4, 100, do not grow with distance",
      "1, 200, 100, do not grow with distance"})
  void costModel_refusesNegativeHugeOrShrinkingCosts(long unit, long region, long wan, String says) {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrafficLocalityPlugin.CostModel(unit, region, wan))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(says);
  }

  @Test
  void filter_peerTrafficThatWouldOverflowThePeersUplinkKeepsThePodInsideThatUnit() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .unit(unit("hub", 30)).unit(unit("shop", 1000))
        .node(node("h1", "hub")).node(node("s1", "shop"))
        .pod(labelled("broker", "h1", "broker"))
        .pod(Fixtures.placed("upload", "h1", 0, 20))
        .build();
    Cycle c = Cycle.run(s, talker(15), TrafficLocalityPlugin.create());
    assertThat(c.passed("h1")).as("inside the hub the traffic never crosses its uplink").isTrue();
    FilterResult.Rejection r = c.rejection("s1");
    assertThat(r.reason()).isEqualTo(TrafficLocalityPlugin.REASON_PEER_UPLINK_EXCEEDED);
    assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE);
    assertThat(r.message()).startsWith("unit \"hub\" uplink: peer traffic with its pods needs 15 Mbit/s each way, "
        + "residual 10 Mbit/s of 30 Mbit/s; only a node inside \"hub\" keeps that traffic off its uplink");
  }

  @Test
  void filter_peersBehindTwoFullUplinksLeaveNoNode() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .unit(unit("hub-1", 10)).unit(unit("hub-2", 10)).unit(unit("shop", 1000))
        .node(node("h1", "hub-1")).node(node("h2", "hub-2")).node(node("s1", "shop"))
        .pod(labelled("broker-1", "h1", "broker")).pod(labelled("broker-2", "h2", "broker"))
        .build();
    Cycle c = Cycle.run(s, talker(15), TrafficLocalityPlugin.create());
    assertThat(c.totals).isEmpty();
    assertThat(c.rejection("h1").message()).startsWith("unit \"hub-2\" uplink");
    assertThat(c.rejection("h2").message()).startsWith("unit \"hub-1\" uplink");
  }

  @Test
  void explain_splitsThePeerTrafficByWhereItGoes() {
    Cycle c = Cycle.run(cluster(), talker(20), TrafficLocalityPlugin.create());
    assertThat(c.explain(TrafficLocalityPlugin.create(), "a2")).isEqualTo("peer traffic 20 Mbit/s (1 peer pods of "
        + "its own selectors): 0 bit/s on this node, 20 Mbit/s elsewhere in unit \"shop-1\", 0 bit/s across its uplink");
  }

  @Test
  void score_multiTermSelectorsMatchOnlyPodsWithEveryLabel() {
    ClusterSnapshot s = cluster().withPod(new PlacedPod("default", "edge-broker", "b1",
        Map.of("app", "broker", "tier", "edge"), null, Resources.ZERO, 0, 0, List.of()));
    Workload w = Workload.builder("default", "web").trafficPeers(List.of(
        new TrafficPeer(new LabelSelector(Map.of("app", "broker", "tier", "edge")), 5 * MBIT))).build();
    Cycle c = Cycle.run(s, w, TrafficLocalityPlugin.create());
    assertThat(c.ranking().get(0)).isEqualTo("b1");
  }
}
