package io.edgeplace.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.store.CacheLookup;
import io.edgeplace.api.store.CacheLookup.Status;
import io.edgeplace.api.store.EntryPolicy;
import io.edgeplace.api.store.SnapshotStore;
import io.edgeplace.api.store.StaleTolerantCache;
import io.edgeplace.core.metrics.InMemoryMetrics;
import io.edgeplace.core.store.Codecs;
import io.edgeplace.core.store.FileSnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleTolerantCacheTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Map<String, String> source = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();
  private volatile boolean sourceDown;

  private String load(String key) throws IOException {
    loads.incrementAndGet();
    if (sourceDown) {
      throw new IOException("connect timed out");
    }
    String v = source.get(key);
    if (v == null) {
      throw new IOException("no such key " + key);
    }
    return v;
  }

  private StaleCaches.Builder<String, String> builder() {
    return StaleCaches.<String, String>newBuilder().name("test").loader(this::load).clock(clock)
        .executor(Runnable::run)
        .policy(EntryPolicy.fixed(Duration.ofMinutes(10), Duration.ofHours(1)))
        .retryAfterFailure(Duration.ofSeconds(30));
  }

  /** Runs queued tasks only when told: shows what a reader sees while a load is under way. */
  private static final class QueueExecutor implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable r) {
      tasks.add(r);
    }

    synchronized void runOne() {
      tasks.poll().run();
    }

    synchronized int runAll() {
      int n = 0;
      while (!tasks.isEmpty()) {
        tasks.poll().run();
        n++;
      }
      return n;
    }
  }

  @Test
  void aReaderWokenByAFinishedLoad_seesTheNextLoadStartWhenOneIsDue() {
    source.put("a", "1");
    QueueExecutor executor = new QueueExecutor();
    try (StaleTolerantCache<String, String> cache = builder().executor(executor).build()) {
      AtomicInteger queuedByReader = new AtomicInteger(-1);
      cache.get("a").thenRun(() -> {
        /* runs the moment the load completes, as a reader blocked on it would */
        clock.advance(Duration.ofMinutes(11));
        source.put("a", "2");
        cache.getIfReady("a");
        queuedByReader.set(executor.tasks.size());
      });

      executor.runOne();

      assertThat(queuedByReader).as("loads the reader started").hasValue(1);
      executor.runAll();
      assertThat(cache.getIfReady("a").value()).contains("2");
    }
  }

  @Test
  void getIfReady_onAbsentKey_answersAbsentAndLoadsInTheBackground() {
    source.put("a", "1");
    QueueExecutor executor = new QueueExecutor();
    try (StaleTolerantCache<String, String> cache = builder().executor(executor).build()) {
      CacheLookup<String> first = cache.getIfReady("a");
      assertThat(first.status()).isEqualTo(Status.ABSENT);
      assertThat(first.detail()).isEqualTo("loading");
      assertThat(cache.getIfReady("a").status()).isEqualTo(Status.ABSENT);
      assertThat(executor.runAll()).as("one load for two reads").isEqualTo(1);
      CacheLookup<String> second = cache.getIfReady("a");
      assertThat(second.status()).isEqualTo(Status.FRESH);
      assertThat(second.value()).isEqualTo("1");
      assertThat(second.loadedAt()).isEqualTo(clock.instant());
    }
  }

  @Test
  void getIfReady_neverBlocksOnASlowLoader() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    try (StaleTolerantCache<String, String> cache = StaleCaches.<String, String>newBuilder()
        .loader(k -> {
          started.countDown();
          release.await();
          return "v";
        }).build()) {
      assertThat(cache.getIfReady("k").status()).isEqualTo(Status.ABSENT);
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(cache.getIfReady("k").status()).as("still loading").isEqualTo(Status.ABSENT);
      release.countDown();
      assertThat(cache.get("k").get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
    }
  }

  @Test
  void refreshAfterWrite_servesTheOldValueWhileRefreshing() {
    source.put("a", "1");
    QueueExecutor executor = new QueueExecutor();
    try (StaleTolerantCache<String, String> cache = builder().executor(executor).build()) {
      cache.getIfReady("a");
      executor.runAll();
      source.put("a", "2");
      clock.advance(Duration.ofMinutes(5));
      assertThat(cache.getIfReady("a").value()).isEqualTo("1");
      assertThat(executor.runAll()).as("not due yet").isZero();
      clock.advance(Duration.ofMinutes(6));
      CacheLookup<String> during = cache.getIfReady("a");
      assertThat(during.value()).isEqualTo("1");
      assertThat(during.status()).isEqualTo(Status.FRESH);
      assertThat(executor.runAll()).isEqualTo(1);
      assertThat(cache.getIfReady("a").value()).isEqualTo("2");
    }
  }

  @Test
  void whenTheLoaderFails_theLastValueIsServedStaleUntilMaxStaleness() {
    source.put("a", "1");
    try (StaleTolerantCache<String, String> cache = builder().build()) {
      assertThat(cache.getIfReady("a").status()).isEqualTo(Status.FRESH);
      Instant loadedAt = clock.instant();
      sourceDown = true;
      clock.advance(Duration.ofMinutes(11));
      CacheLookup<String> stale = cache.getIfReady("a");
      assertThat(stale.status()).isEqualTo(Status.STALE);
      assertThat(stale.value()).isEqualTo("1");
      assertThat(stale.loadedAt()).isEqualTo(loadedAt);
      assertThat(stale.detail()).contains("connect timed out");

      int before = loads.get();
      cache.getIfReady("a");
      assertThat(loads.get()).as("no retry before retryAfterFailure").isEqualTo(before);
      clock.advance(Duration.ofSeconds(31));
      cache.getIfReady("a");
      assertThat(loads.get()).as("retried after retryAfterFailure").isEqualTo(before + 1);

      clock.advance(Duration.ofMinutes(49));
      CacheLookup<String> gone = cache.getIfReady("a");
      assertThat(gone.status()).as("beyond max staleness").isEqualTo(Status.ABSENT);
      assertThat(gone.detail()).contains("connect timed out");

      sourceDown = false;
      clock.advance(Duration.ofSeconds(31));
      assertThat(cache.getIfReady("a").status()).as("recovers once the source is back").isEqualTo(Status.FRESH);
    }
  }

  @Test
  void perEntryPolicy_digestsNeverRefreshButTagsDo() {
    source.put("app@sha256:abc", "amd64");
    source.put("app:latest", "amd64");
    EntryPolicy<String, String> policy = new EntryPolicy<>() {
      @Override
      public Duration refreshAfter(String key, String value) {
        return key.contains("@sha256:") ? NEVER : Duration.ofMinutes(10);
      }

      @Override
      public Duration maxStaleness(String key, String value) {
        return key.contains("@sha256:") ? NEVER : Duration.ofDays(1);
      }
    };
    try (StaleTolerantCache<String, String> cache = builder().policy(policy).build()) {
      cache.getIfReady("app@sha256:abc");
      cache.getIfReady("app:latest");
      source.put("app@sha256:abc", "changed");
      source.put("app:latest", "arm64");
      clock.advance(Duration.ofDays(400));
      assertThat(cache.getIfReady("app@sha256:abc").value()).isEqualTo("amd64");
      assertThat(cache.getIfReady("app@sha256:abc").status()).isEqualTo(Status.FRESH);
      assertThat(cache.getIfReady("app:latest").value()).as("expired and reloaded").isEqualTo("arm64");
    }
  }

  @Test
  void aFailedFirstLoad_isNotRetriedOnEveryRead() {
    sourceDown = true;
    try (StaleTolerantCache<String, String> cache = builder().build()) {
      CacheLookup<String> l = cache.getIfReady("x");
      assertThat(l.status()).isEqualTo(Status.ABSENT);
      assertThat(l.detail()).isEqualTo("IOException: connect timed out");
      for (int i = 0; i < 100; i++) {
        assertThat(cache.getIfReady("x").detail()).contains("connect timed out");
      }
      assertThat(loads.get()).isEqualTo(1);
    }
  }

  @Test
  void get_waitsForTheLoadAndNeverFails() throws Exception {
    source.put("a", "1");
    try (StaleTolerantCache<String, String> cache = StaleCaches.<String, String>newBuilder()
        .loader(this::load).build()) {
      assertThat(cache.get("a").get(10, TimeUnit.SECONDS).value()).isEqualTo("1");
      CacheLookup<String> missing = cache.get("missing").get(10, TimeUnit.SECONDS);
      assertThat(missing.status()).isEqualTo(Status.ABSENT);
      assertThat(missing.detail()).contains("no such key missing");
    }
  }

  @Test
  void metrics_countHitsMissesAndStaleServes() {
    InMemoryMetrics metrics = new InMemoryMetrics();
    source.put("a", "1");
    try (StaleTolerantCache<String, String> cache = builder().metrics(metrics).build()) {
      cache.getIfReady("a");
      cache.getIfReady("a");
      sourceDown = true;
      clock.advance(Duration.ofMinutes(11));
      cache.getIfReady("a");
      cache.getIfReady("a");
    }
    assertThat(metrics.caches()).containsOnlyKeys("test");
    InMemoryMetrics.CacheCounts counts = metrics.caches().get("test");
    assertThat(counts.misses()).isEqualTo(1);
    assertThat(counts.hits()).isEqualTo(1);
    assertThat(counts.staleServes()).as("the failed refresh ran on the reader's thread (direct executor)").isEqualTo(2);
    assertThat(counts.loadFailures()).isEqualTo(1);
  }

  @Test
  void aPersistentCache_keepsItsEntriesAcrossARestartWhileOffline(@TempDir Path dir) {
    SnapshotStore store = FileSnapshotStore.builder(dir).clock(clock).build();
    source.put("a", "1");
    source.put("b", "2");
    try (StaleTolerantCache<String, String> cache = builder().persistTo(store, Codecs.string(), Codecs.string())
        .build()) {
      cache.getIfReady("a");
      cache.getIfReady("b");
    }
    sourceDown = true;
    clock.advance(Duration.ofMinutes(20));
    SnapshotStore reopened = FileSnapshotStore.builder(dir).clock(clock).build();
    try (StaleTolerantCache<String, String> cache = builder().persistTo(reopened, Codecs.string(), Codecs.string())
        .build()) {
      assertThat(cache.estimatedSize()).isEqualTo(2);
      CacheLookup<String> a = cache.getIfReady("a");
      assertThat(a.value()).isEqualTo("1");
      assertThat(a.status()).as("the refresh failed").isEqualTo(Status.STALE);
      assertThat(cache.getIfReady("b").value()).isEqualTo("2");
    }
  }

  @Test
  void aPersistentCache_dropsRestoredEntriesOlderThanMaxStaleness(@TempDir Path dir) {
    SnapshotStore store = FileSnapshotStore.builder(dir).clock(clock).build();
    source.put("a", "1");
    try (StaleTolerantCache<String, String> cache = builder().persistTo(store, Codecs.string(), Codecs.string())
        .build()) {
      cache.getIfReady("a");
    }
    clock.advance(Duration.ofHours(2));
    try (StaleTolerantCache<String, String> cache = builder().persistTo(store, Codecs.string(), Codecs.string())
        .build()) {
      assertThat(cache.estimatedSize()).isZero();
    }
  }

  @Test
  void aPersistentCache_onAnUnwritableDirectory_goesOnServingFromMemory(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("not-a-directory");
    java.nio.file.Files.writeString(file, "x");
    SnapshotStore store = FileSnapshotStore.builder(file).build();
    source.put("a", "1");
    try (StaleTolerantCache<String, String> cache = builder().persistTo(store, Codecs.string(), Codecs.string())
        .build()) {
      assertThat(cache.getIfReady("a").value()).isEqualTo("1");
      assertThat(((CaffeineStaleCache<String, String>) cache).persistNow()).isFalse();
      assertThat(cache.getIfReady("a").value()).isEqualTo("1");
    }
  }

  /*
   * A reader that found no entry, then lost the CPU while the load under way finished, must not
   * start a second load when it comes back: the finished load's entry is there by then. The
   * reader is held between its look and its claim by the cache's own miss() metric call.
   */
  @Test
  void aReaderThatMissedJustBeforeALoadFinished_doesNotStartASecond() throws Exception {
    QueueExecutor executor = new QueueExecutor();
    AtomicInteger misses = new AtomicInteger();
    CountDownLatch secondReaderMissed = new CountDownLatch(1);
    CountDownLatch letItGoOn = new CountDownLatch(1);
    io.edgeplace.api.metrics.CacheMetrics holdSecondMiss = new io.edgeplace.api.metrics.CacheMetrics() {
      @Override
      public void miss() {
        if (misses.incrementAndGet() == 2) {
          secondReaderMissed.countDown();
          try {
            letItGoOn.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    source.put("k", "v");
    try (StaleTolerantCache<String, String> cache = builder().executor(executor)
        .metrics(new io.edgeplace.api.metrics.EdgeplaceMetrics() {
          @Override
          public io.edgeplace.api.metrics.CacheMetrics cache(String name) {
            return holdSecondMiss;
          }
        }).build()) {
      assertThat(cache.getIfReady("k").status()).isEqualTo(Status.ABSENT); // the load is queued
      java.util.concurrent.FutureTask<CacheLookup<String>> second = new java.util.concurrent.FutureTask<>(
          () -> cache.getIfReady("k"));
      Thread reader = new Thread(second, "second-reader");
      reader.start();
      assertThat(secondReaderMissed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(executor.runAll()).as("the first load").isEqualTo(1);
      letItGoOn.countDown();
      CacheLookup<String> seen = second.get(10, TimeUnit.SECONDS);
      assertThat(executor.runAll()).as("no second load").isZero();
      assertThat(loads.get()).isEqualTo(1);
      assertThat(seen.status()).isEqualTo(Status.FRESH);
      assertThat(seen.value()).isEqualTo("v");
    }
  }

  @Test
  void concurrentReadersOfOneKey_startOneLoad() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(8);
    try (StaleTolerantCache<String, String> cache = StaleCaches.<String, String>newBuilder().loader(k -> {
      started.incrementAndGet();
      release.await(10, TimeUnit.SECONDS);
      return "v";
    }).build()) {
      CountDownLatch go = new CountDownLatch(1);
      java.util.List<java.util.concurrent.Future<CacheLookup<String>>> reads = new java.util.ArrayList<>();
      for (int i = 0; i < 64; i++) {
        reads.add(readers.submit(() -> {
          go.await();
          return cache.getIfReady("k");
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<CacheLookup<String>> f : reads) {
        assertThat(f.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.ABSENT);
      }
      release.countDown();
      assertThat(cache.get("k").get(10, TimeUnit.SECONDS).value()).isEqualTo("v");
      assertThat(started.get()).isEqualTo(1);
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void builder_rejectsBadSettingsAtOnce() {
    assertThatThrownBy(() -> StaleCaches.newBuilder().build()).hasMessageContaining("has no loader");
    assertThatThrownBy(() -> StaleCaches.newBuilder().name("a b")).hasMessageContaining("\"a b\"");
    assertThatThrownBy(() -> StaleCaches.newBuilder().maximumSize(0)).hasMessageContaining("got 0");
    assertThatThrownBy(() -> StaleCaches.newBuilder().retryAfterFailure(Duration.ZERO))
        .hasMessageContaining("retryAfterFailure");
    assertThatThrownBy(() -> EntryPolicy.fixed(Duration.ofMinutes(10), Duration.ofMinutes(1)))
        .hasMessageContaining("shorter than refreshAfter");
  }
}
