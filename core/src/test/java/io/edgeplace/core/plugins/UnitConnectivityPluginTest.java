package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.NOW;
import static io.edgeplace.core.plugins.Fixtures.heartbeat;
import static io.edgeplace.core.plugins.Fixtures.pod;
import static io.edgeplace.core.plugins.UnitConnectivityPlugin.REASON_NODE_NOT_READY;
import static io.edgeplace.core.plugins.UnitConnectivityPlugin.REASON_NODE_STALE;
import static io.edgeplace.core.plugins.UnitConnectivityPlugin.REASON_UNIT_DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.plugin.FilterResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UnitConnectivityPluginTest {

  private static final String PASS = "pass";

  static Stream<Arguments> filterCases() {
    return Stream.of(
        Arguments.of("a unit whose every heartbeat is a minute old is disconnected and rejects each of its nodes",
            List.of(heartbeat("a1", "shop-7", 60, true), heartbeat("a2", "shop-7", 70, true),
                heartbeat("b1", "hub", 3, true)),
            Map.of("a1", REASON_UNIT_DISCONNECTED, "a2", REASON_UNIT_DISCONNECTED, "b1", PASS)),
        Arguments.of("one NotReady node in a unit whose heartbeats are fresh is rejected on its own, not its unit",
            List.of(heartbeat("a1", "shop-7", 3, false), heartbeat("a2", "shop-7", 4, true)),
            Map.of("a1", REASON_NODE_NOT_READY, "a2", PASS)),
        Arguments.of("one stale node in an otherwise fresh unit is rejected as a node while its neighbours pass",
            List.of(heartbeat("a1", "shop-7", 120, true), heartbeat("a2", "shop-7", 4, true)),
            Map.of("a1", REASON_NODE_STALE, "a2", PASS)),
        Arguments.of("a heartbeat exactly at the 50 second grace period is still fresh",
            List.of(heartbeat("a1", "shop-7", 50, true)), Map.of("a1", PASS)),
        Arguments.of("a heartbeat one second past the grace period in a single-node unit disconnects the unit",
            List.of(heartbeat("a1", "shop-7", 51, true)), Map.of("a1", REASON_UNIT_DISCONNECTED)),
        Arguments.of("nodes without a known heartbeat are judged by Ready alone and never disconnect their unit",
            List.of(Node.builder("a1", "shop-7").build(), Node.builder("a2", "shop-7").ready(false).build()),
            Map.of("a1", PASS, "a2", REASON_NODE_NOT_READY)),
        Arguments.of("a ready node without a heartbeat keeps its unit connected although the others are stale",
            List.of(Node.builder("a1", "shop-7").build(), heartbeat("a2", "shop-7", 600, true)),
            Map.of("a1", PASS, "a2", REASON_NODE_STALE)),
        Arguments.of("a unit whose nodes all report NotReady with fresh heartbeats is connected; each node is rejected",
            List.of(heartbeat("a1", "shop-7", 2, false), heartbeat("a2", "shop-7", 2, false)),
            Map.of("a1", REASON_NODE_NOT_READY, "a2", REASON_NODE_NOT_READY)),
        Arguments.of("a heartbeat from the future (clock skew) counts as fresh",
            List.of(heartbeat("a1", "shop-7", -30, true)), Map.of("a1", PASS)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("filterCases")
  void filter(String description, List<Node> nodes, Map<String, String> expected) {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).nodes(nodes).build();
    Cycle c = Cycle.run(s, pod("web"), UnitConnectivityPlugin.create());
    expected.forEach((node, outcome) -> {
      if (outcome.equals(PASS)) {
        assertThat(c.filter.get(node)).as(node).isEqualTo(FilterResult.pass());
      } else {
        FilterResult.Rejection r = c.rejection(node);
        assertThat(r.reason()).as(node).isEqualTo(outcome);
        assertThat(r.plugin()).isEqualTo(UnitConnectivityPlugin.NAME);
        assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE);
      }
    });
  }

  @Test
  void filter_disconnectedUnitReasonNamesTheUnitAndTheAgeOfItsNewestHeartbeat() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(heartbeat("a1", "shop-7", 130, true)).node(heartbeat("a2", "shop-7", 400, true)).build();
    Cycle c = Cycle.run(s, pod("web"), UnitConnectivityPlugin.create());
    assertThat(c.rejection("a2").message()).isEqualTo("unit \"shop-7\" is disconnected: its newest heartbeat is "
        + "2m10s old, none within 50s; a new pod could not start until its uplink returns");
  }

  @Test
  void filter_notReadyNodeReasonNamesTheNodeAndSaysItsUnitIsConnected() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(heartbeat("a1", "shop-7", 3, false)).node(heartbeat("a2", "shop-7", 3, true)).build();
    Cycle c = Cycle.run(s, pod("web"), UnitConnectivityPlugin.create());
    assertThat(c.rejection("a1").message()).isEqualTo("node \"a1\" is NotReady; its unit \"shop-7\" is connected");
  }

  @Test
  void score_degradedUnitScoresBelowConnectedUnit() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .node(heartbeat("a1", "flaky", 3, true)).node(heartbeat("a2", "flaky", 90, true))
        .node(heartbeat("b1", "solid", 3, true)).build();
    Cycle c = Cycle.run(s, pod("web"), UnitConnectivityPlugin.create());
    assertThat(c.score(UnitConnectivityPlugin.NAME, "b1")).isEqualTo(100);
    assertThat(c.score(UnitConnectivityPlugin.NAME, "a1")).isEqualTo(25);
    assertThat(c.explain(UnitConnectivityPlugin.create(), "a1"))
        .isEqualTo("unit \"flaky\" degraded, newest heartbeat 3s ago, 1 of 2 nodes stale");
  }

  @Test
  void explain_reportsOpenYurtAutonomyAndEvictionOfALongDisconnectedUnit() {
    Node autonomous = Node.builder("a1", "shop-7").lastHeartbeat(NOW.minusSeconds(600))
        .annotations(Map.of(WellKnownKeys.OPENYURT_AUTONOMY_DURATION, "24h")).build();
    Node plain = Node.builder("b1", "shop-8").lastHeartbeat(NOW.minusSeconds(600)).build();
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).node(autonomous).node(plain).build();
    Cycle c = Cycle.run(s, pod("web"), UnitConnectivityPlugin.create());
    assertThat(c.explain(UnitConnectivityPlugin.create(), "a1")).isEqualTo("unit \"shop-7\" disconnected, newest "
        + "heartbeat 10m ago, 1 of 1 nodes stale; past the pod-eviction timeout 5m; OpenYurt autonomy "
        + "node.openyurt.io/autonomy-duration=24h keeps its pods running while the uplink is down");
    assertThat(c.explain(UnitConnectivityPlugin.create(), "b1")).endsWith("past the pod-eviction timeout 5m: its pods "
        + "are being evicted");
  }

  @Test
  void thresholds_areConfigurable() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).node(heartbeat("a1", "shop-7", 120, true)).build();
    UnitHealth lenient = UnitHealth.of(Duration.ofMinutes(6), Duration.ofMinutes(10));
    assertThat(Cycle.run(s, pod("web"), UnitConnectivityPlugin.create(lenient)).passed("a1")).isTrue();
    assertThat(Cycle.run(s, pod("web"), UnitConnectivityPlugin.create()).passed("a1")).isFalse();
  }

  @Test
  void thresholds_areValidatedWithAHint() {
    assertThatThrownBy(() -> UnitHealth.of(Duration.ZERO, Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("staleAfter is PT0S")
        .hasMessageContaining("Maybe");
    assertThatThrownBy(() -> UnitHealth.of(Duration.ofMinutes(2), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evictionAfter PT1M is shorter");
  }

  @Test
  void assessment_isReusedAcrossPodChangesButNotAcrossNodeOrTimeChanges() {
    UnitConnectivityPlugin plugin = UnitConnectivityPlugin.create();
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW).node(heartbeat("a1", "shop-7", 10, true)).build();
    assertThat(Cycle.run(s, pod("web"), plugin).passed("a1")).isTrue();
    ClusterSnapshot withPod = s.withPod(Fixtures.placed("other", "a1", 0, 0));
    assertThat(withPod.nodeGeneration()).isSameAs(s.nodeGeneration());
    assertThat(Cycle.run(withPod, pod("web"), plugin).passed("a1")).isTrue();

    ClusterSnapshot later = withPod.withTime(NOW.plusSeconds(60));
    assertThat(Cycle.run(later, pod("web"), plugin).rejection("a1").reason()).isEqualTo(REASON_UNIT_DISCONNECTED);

    ClusterSnapshot notReady = withPod.withNode(heartbeat("a1", "shop-7", 10, false));
    assertThat(notReady.nodeGeneration()).isNotSameAs(s.nodeGeneration());
    assertThat(Cycle.run(notReady, pod("web"), plugin).rejection("a1").reason()).isEqualTo(REASON_NODE_NOT_READY);
  }

  @Test
  void defaults_followKubeControllerManager() {
    assertThat(UnitHealth.DEFAULT_STALE_AFTER).isEqualTo(Duration.ofSeconds(50));
    assertThat(UnitHealth.DEFAULT_EVICTION_AFTER).isEqualTo(Duration.ofMinutes(5));
  }
}
