package io.edgeplace.core.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BandwidthReservationsTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final long MBIT = 1_000_000L;

  private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
  private final InstantSource clock = now::get;

  private static ClusterSnapshot cluster() {
    return ClusterSnapshot.builder().time(NOW)
        .unit(new Unit("shop-7", "", 50 * MBIT, Duration.ZERO, NetworkMode.UNKNOWN))
        .node(Node.builder("s1", "shop-7").build()).node(Node.builder("h1", "hub").build())
        .pod(new PlacedPod("default", "broker", "h1", Map.of("app", "broker"), null, Resources.ZERO, 0, 0, List.of()))
        .build();
  }

  @Test
  void reserve_chargesThePodsUnitAndThePeersUnit() {
    BandwidthReservations book = BandwidthReservations.create(clock);
    ClusterSnapshot s = cluster();
    Workload w = Workload.builder("default", "cam").ingressBitsPerSecond(2 * MBIT).egressBitsPerSecond(10 * MBIT)
        .trafficPeers(List.of(new TrafficPeer(LabelSelector.of("app", "broker"), 5 * MBIT))).build();
    book.reserve(s, w, "s1");
    BandwidthReservations.Totals t = book.totals(s);
    int shop = s.unitIndex("shop-7");
    int hub = s.unitIndex("hub");
    assertThat(t.ingress(shop)).isEqualTo(7 * MBIT);
    assertThat(t.egress(shop)).isEqualTo(15 * MBIT);
    assertThat(t.ingress(hub)).isEqualTo(5 * MBIT);
    assertThat(t.egress(hub)).isEqualTo(5 * MBIT);
  }

  @Test
  void totals_ignoreExpiredReleasedAndAlreadyBoundPodsAndUnknownUnits() {
    BandwidthReservations book = BandwidthReservations.create(clock, Duration.ofSeconds(10));
    ClusterSnapshot s = cluster();
    book.reserve("default", "a", List.of(new BandwidthReservations.Charge("shop-7", MBIT, 2 * MBIT)));
    book.reserve("default", "b", List.of(new BandwidthReservations.Charge("gone", MBIT, MBIT)));
    book.reserve("default", "broker", List.of(new BandwidthReservations.Charge("shop-7", 100 * MBIT, 0)));
    int shop = s.unitIndex("shop-7");
    assertThat(book.totals(s).egress(shop)).isEqualTo(2 * MBIT);
    assertThat(book.totals(s).ingress(shop)).as("broker is already in the snapshot").isEqualTo(MBIT);

    now.set(NOW.plusSeconds(5));
    book.reserve("default", "c", List.of(new BandwidthReservations.Charge("shop-7", 0, 3 * MBIT)));
    now.set(NOW.plusSeconds(10));
    assertThat(book.totals(s).egress(shop)).as("a expired at 10s, c lives until 15s").isEqualTo(3 * MBIT);
    assertThat(book.release("default", "c")).isTrue();
    assertThat(book.release("default", "c")).isFalse();
    assertThat(book.totals(s)).isSameAs(BandwidthReservations.Totals.NONE);
  }

  @Test
  void reserve_againReplacesAndRestartsTheClock() {
    BandwidthReservations book = BandwidthReservations.create(clock, Duration.ofSeconds(10));
    ClusterSnapshot s = cluster();
    book.reserve("default", "a", List.of(new BandwidthReservations.Charge("shop-7", 0, 4 * MBIT)));
    now.set(NOW.plusSeconds(8));
    book.reserve("default", "a", List.of(new BandwidthReservations.Charge("shop-7", 0, MBIT)));
    now.set(NOW.plusSeconds(15));
    assertThat(book.size()).isEqualTo(1);
    assertThat(book.totals(s).egress(s.unitIndex("shop-7"))).isEqualTo(MBIT);
  }

  @Test
  void badInput_isRefusedWithTheValue() {
    assertThatThrownBy(() -> BandwidthReservations.create(clock, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl is PT0S").hasMessageContaining("Maybe");
    assertThatThrownBy(() -> new BandwidthReservations.Charge("shop-7", -1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shop-7").hasMessageContaining("-1");
    BandwidthReservations book = BandwidthReservations.create(clock);
    assertThatThrownBy(() -> book.reserve(cluster(), Workload.builder("default", "x").build(), "nowhere"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node \"nowhere\"");
  }

  @Test
  void concurrentReservesAndReleases_keepTheBookConsistent() throws Exception {
    BandwidthReservations book = BandwidthReservations.create(clock, Duration.ofMinutes(1));
    ClusterSnapshot s = cluster();
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            book.reserve("default", "p-" + id + "-" + i,
                List.of(new BandwidthReservations.Charge("shop-7", 0, 1000)));
            book.totals(s);
            if (i % 2 == 1) {
              book.release("default", "p-" + id + "-" + (i - 1));
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(book.size()).isEqualTo(threads * perThread / 2);
    assertThat(book.totals(s).egress(s.unitIndex("shop-7"))).isEqualTo(threads * perThread / 2 * 1000L);
  }
}
