package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.extender.placement.Reservations;
import io.edgeplace.extender.placement.SnapshotSource;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop lets the request in flight finish and answer, then closes. */
class GracefulStopTest {

  @Test
  void stop_drainsTheRequestInFlight() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeCore slow = new FakeCore() {
      @Override
      public PlacementResult place(ClusterSnapshot s, Workload w, Collection<String> names, boolean explain) {
        entered.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return super.place(s, w, names, explain);
      }
    };
    SnapshotSource source = SnapshotSource.fixed(FakeCore.snapshot(5), "test", Instant.now());
    Extender e = Extender.start(new Extender.Parts(source, slow, slow, Reservations.NONE, null, List.of(),
        InstantSource.system()), new Extender.ServerSettings(new InetSocketAddress("127.0.0.1", 0), 1 << 20, null,
        null, null, Duration.ofSeconds(20)));
    TestClient client = new TestClient(e.uri());
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return client.post("/filter", ExtenderHttpTest.byName(ExtenderHttpTest.pod("slow", ""), FakeCore.name(1)));
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    // the address is read before the stop begins: a closing connector no longer reports its port
    TestClient other = new TestClient(e.uri());
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(e::close);
    // wait (bounded) until the server is stopping: new requests are refused or get 503
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      int status;
      try {
        status = other.get("/healthz").statusCode();
      } catch (java.io.IOException refused) {
        status = -1;
      }
      if (status != 200) {
        break;
      }
      assertThat(System.nanoTime()).as("the server starts stopping within 30 s").isLessThan(deadline);
    }
    assertThat(inFlight.isDone()).isFalse();
    assertThat(stopping.isDone()).as("the stop waits for the request in flight").isFalse();
    release.countDown();
    HttpResponse<String> r = inFlight.get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(TestClient.json(r).get("NodeNames").get(0).asText()).isEqualTo(FakeCore.name(1));
    stopping.get(30, TimeUnit.SECONDS);
  }
}
