package io.edgeplace.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.Subscription;
import io.edgeplace.api.topology.TopologyView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NotifierTest {

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private volatile TopologyView current = view(0);
  private final Notifier notifier = new Notifier(executor, () -> current);

  private static TopologyView view(long version) {
    return new TopologyView(ClusterSnapshot.empty(Instant.EPOCH), new Freshness.Live(Instant.EPOCH), version);
  }

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private void drained() throws InterruptedException {
    CountDownLatch done = new CountDownLatch(1);
    executor.execute(done::countDown);
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aNewSubscriber_getsTheCurrentViewThenEveryLaterOne_inOrder() throws InterruptedException {
    List<Long> seen = new CopyOnWriteArrayList<>();
    notifier.subscribe(v -> seen.add(v.version()));
    drained();
    for (long v = 1; v <= 5; v++) {
      current = view(v);
      notifier.published();
      drained();
    }
    assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aSlowListener_skipsSupersededViewsButGetsTheLatest() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch first = new CountDownLatch(1);
    List<Long> seen = new CopyOnWriteArrayList<>();
    notifier.subscribe(v -> {
      seen.add(v.version());
      first.countDown();
      if (v.version() == 0) {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    });
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    for (long v = 1; v <= 50; v++) {
      current = view(v);
      notifier.published();
    }
    release.countDown();
    drained();
    assertThat(seen).as("one drain queued behind the slow call, reading the latest view").containsExactly(0L, 50L);
  }

  @Test
  void aFailingListener_staysSubscribedAndOthersGoOn_andClosingEndsASubscription() throws InterruptedException {
    List<Long> good = new CopyOnWriteArrayList<>();
    List<Long> closed = new CopyOnWriteArrayList<>();
    notifier.subscribe(v -> {
      throw new IllegalStateException("listener bug");
    });
    notifier.subscribe(v -> good.add(v.version()));
    Subscription s = notifier.subscribe(v -> closed.add(v.version()));
    drained();
    s.close();
    s.close();
    current = view(1);
    notifier.published();
    drained();
    assertThat(good).containsExactly(0L, 1L);
    assertThat(closed).containsExactly(0L);
  }
}
