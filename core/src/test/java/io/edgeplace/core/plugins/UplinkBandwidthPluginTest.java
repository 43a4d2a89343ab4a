package io.edgeplace.core.plugins;

import static io.edgeplace.core.plugins.Fixtures.MBIT;
import static io.edgeplace.core.plugins.Fixtures.NOW;
import static io.edgeplace.core.plugins.Fixtures.node;
import static io.edgeplace.core.plugins.Fixtures.placed;
import static io.edgeplace.core.plugins.Fixtures.pod;
import static io.edgeplace.core.plugins.Fixtures.unit;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UplinkBandwidthPluginTest {

  /** shop-7: 50 Mbit/s uplink with 38 Mbit/s egress and 10 Mbit/s ingress placed; hub: no declared uplink. */
  private static ClusterSnapshot cluster(PlacedPod... extra) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(NOW)
        .unit(unit("shop-7", 50))
        .node(node("s1", "shop-7")).node(node("s2", "shop-7")).node(node("h1", "hub"))
        .pod(placed("cam", "s1", 10, 38));
    for (PlacedPod p : extra) {
      b.pod(p);
    }
    return b.build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a pod whose egress exceeds the residual of its unit's uplink is rejected there",
            pod("web", 0, 30), false),
        Arguments.of("a pod whose egress fits the residual exactly is admitted", pod("web", 0, 12), true),
        Arguments.of("ingress and egress are separate directions: 30 Mbit/s inbound fits beside 38 outbound",
            pod("web", 30, 0), true),
        Arguments.of("a pod whose ingress exceeds the inbound residual is rejected", pod("web", 41, 0), false),
        Arguments.of("a pod without declared bandwidth always fits", pod("web"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void filter(String description, Workload w, boolean fitsShop) {
    Cycle c = Cycle.run(cluster(), w, UplinkBandwidthPlugin.create());
    assertThat(c.passed("s1")).isEqualTo(fitsShop);
    assertThat(c.passed("s2")).isEqualTo(fitsShop);
    assertThat(c.passed("h1")).as("a unit without a declared uplink is unlimited").isTrue();
    if (!fitsShop) {
      FilterResult.Rejection r = c.rejection("s1");
      assertThat(r.reason()).isEqualTo(UplinkBandwidthPlugin.REASON_EXCEEDED);
      assertThat(r.code()).isEqualTo(FilterResult.Code.UNSCHEDULABLE);
    }
  }

  @Test
  void filter_reasonGivesTheNumbers() {
    Cycle c = Cycle.run(cluster(), pod("web", 0, 30), UplinkBandwidthPlugin.create());
    assertThat(c.rejection("s1").message()).startsWith(
        "unit \"shop-7\" uplink: pod needs 30 Mbit/s egress, residual 12 Mbit/s of 50 Mbit/s; in use: placed pods "
            + "10 Mbit/s in / 38 Mbit/s out");
  }

  @Test
  void explain_saysAUnitWithoutTheAnnotationIsUnlimited() {
    Cycle c = Cycle.run(cluster(), pod("web", 0, 30), UplinkBandwidthPlugin.create());
    assertThat(c.explain(UplinkBandwidthPlugin.create(), "h1"))
        .isEqualTo("unit \"hub\" uplink unlimited, no edgeplace.io/uplink-bandwidth");
  }

  @Test
  void score_moreHeadroomScoresHigher() {
    ClusterSnapshot s = ClusterSnapshot.builder().time(NOW)
        .unit(unit("busy", 100)).unit(unit("idle", 100)).unit(unit("small", 20))
        .node(node("b1", "busy")).node(node("i1", "idle")).node(node("x1", "small"))
        .pod(placed("load", "b1", 0, 60)).build();
    Cycle c = Cycle.run(s, pod("web", 0, 10), UplinkBandwidthPlugin.create());
    assertThat(c.score(UplinkBandwidthPlugin.NAME, "i1")).isEqualTo(90);
    assertThat(c.score(UplinkBandwidthPlugin.NAME, "b1")).isEqualTo(30);
    assertThat(c.score(UplinkBandwidthPlugin.NAME, "x1")).isEqualTo(50);
  }

  @Test
  void reservations_countUntilThePodIsSeenBoundOrTheyExpire() {
    AtomicReference<Instant> now = new AtomicReference<>(NOW);
    InstantSource clock = now::get;
    BandwidthReservations book = BandwidthReservations.create(clock, Duration.ofSeconds(30));
    UplinkBandwidthPlugin plugin = UplinkBandwidthPlugin.create(book);
    ClusterSnapshot s = cluster();
    Workload first = pod("first", 0, 10);
    assertThat(Cycle.run(s, first, plugin).passed("s1")).isTrue();
    book.reserve(s, first, "s1");

    Workload second = pod("second", 0, 10);
    Cycle blocked = Cycle.run(s, second, plugin);
    assertThat(blocked.passed("s1")).as("10 + 38 + 10 reserved > 50").isFalse();
    assertThat(blocked.rejection("s1").message()).contains("residual 2 Mbit/s of 50 Mbit/s")
        .contains("reserved 0 bit/s in / 10 Mbit/s out");

    ClusterSnapshot bound = s.withPod(PlacedPod.of(first, "s1"));
    assertThat(Cycle.run(bound, pod("small", 0, 2), plugin).passed("s1"))
        .as("the bound pod is counted once, by the snapshot, not again by its reservation").isTrue();

    now.set(NOW.plusSeconds(31));
    assertThat(book.size()).isZero();
    assertThat(Cycle.run(s, second, plugin).passed("s1")).as("the reservation expired").isTrue();
  }

  @Test
  void filter_crossUnitPeerTrafficCountsAgainstThePodsOwnUplink() {
    ClusterSnapshot s = cluster(Fixtures.labelled("broker", "h1", "broker"));
    Workload w = Workload.builder("default", "web").egressBitsPerSecond(5 * MBIT)
        .trafficPeers(List.of(Fixtures.peer("broker", 8))).build();
    Cycle c = Cycle.run(s, w, UplinkBandwidthPlugin.create());
    assertThat(c.rejection("s1").message()).startsWith("unit \"shop-7\" uplink: pod needs 13 Mbit/s egress, residual "
        + "12 Mbit/s of 50 Mbit/s (the pod's need includes 8 Mbit/s of cross-unit peer traffic)");
    assertThat(c.passed("h1")).isTrue();
  }

  @Test
  void filter_placedPodsCrossUnitPeerTrafficReducesTheResidual() {
    PlacedPod talker = new PlacedPod("default", "talker", "s2", Map.of(), null, io.edgeplace.api.Resources.ZERO, 0, 0,
        List.of(Fixtures.peer("broker", 10)));
    ClusterSnapshot s = cluster(Fixtures.labelled("broker", "h1", "broker"), talker);
    assertThat(s.unitPeerBitsPerSecond(s.unitIndex("shop-7"))).isEqualTo(10 * MBIT);
    Cycle c = Cycle.run(s, pod("web", 0, 5), UplinkBandwidthPlugin.create());
    assertThat(c.rejection("s1").message()).contains("residual 2 Mbit/s of 50 Mbit/s")
        .contains("cross-unit peer traffic 10 Mbit/s");
  }
}
