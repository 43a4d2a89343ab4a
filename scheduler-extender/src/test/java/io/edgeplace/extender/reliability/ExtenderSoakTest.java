package io.edgeplace.extender.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeplace.extender.Extender;
import io.edgeplace.extender.Options;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: a real extender (in-process, 127.0.0.1, a generated 500-node snapshot file) under
 * concurrent keep-alive clients doing filter then prioritize for {@code edgeplace.soak.seconds}
 * seconds (30 in every build, 600 under {@code -Psoak}). Asserts no 5xx, no error body, a p99
 * latency in the last third within a generous factor of the first third, and used heap after GC
 * flat. Prints requests, throughput, p50/p99 per third and heap.
 *
 * <p>Bounded in time (the clients stop at the deadline, a hard cap on requests per client) and
 * memory (latencies go to fixed log-scale histograms, not lists).
 */
class ExtenderSoakTest {
  static final int NODES = 500;
  static final int CLIENTS = 4;
  static final long MAX_REQUESTS_PER_CLIENT = 20_000_000L;

  @TempDir
  Path dir;

  @Test
  void filterAndPrioritize_underConcurrentLoad_stayCorrectFastAndFlat() throws Exception {
    long seconds = Long.getLong("edgeplace.soak.seconds", 30);
    assertThat(seconds).as("edgeplace.soak.seconds").isBetween(3L, 24 * 3600L);
    Path snapshot = Fixtures.snapshotFile(dir, NODES);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      names.add(Fixtures.nodeName(i));
    }
    Options options = Options.parse(List.of("--cluster-snapshot", snapshot.toString(), "--listen", "127.0.0.1:0"));
    try (Extender extender = Extender.start(options)) {
      URI base = extender.uri();
      // warm-up (not measured): a tenth of the run, 2-20 s
      Duration warmup = Duration.ofMillis(Math.max(2_000, Math.min(20_000, seconds * 100)));
      Duration measured = Duration.ofSeconds(seconds).minus(warmup);
      Run warm = run(base, names, warmup, null);
      assertThat(warm.failures).as("failures during warm-up").isEmpty();

      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      long heapStart = usedHeapAfterGc(memory);
      Histograms thirds = new Histograms(3);
      Run soak = run(base, names, measured, thirds);
      long heapEnd = usedHeapAfterGc(memory);

      double secs = measured.toMillis() / 1000.0;
      System.out.printf(Locale.ROOT, "soak: %d nodes, %d clients, %.0f s measured (after %.0f s warm-up): "
              + "%d requests (%d filter + prioritize pairs), %.0f requests/s, %d failures%n",
          NODES, CLIENTS, secs, warmup.toMillis() / 1000.0, soak.requests.get(), soak.requests.get() / 2,
          soak.requests.get() / secs, soak.failures.size());
      for (int t = 0; t < 3; t++) {
        System.out.printf(Locale.ROOT, "soak: third %d: %d requests, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
            t + 1, thirds.count(t), thirds.percentile(t, 0.50) / 1e6, thirds.percentile(t, 0.99) / 1e6,
            thirds.max(t) / 1e6);
      }
      System.out.printf(Locale.ROOT, "soak: used heap after GC: start %.1f MiB, end %.1f MiB%n",
          heapStart / 1048576.0, heapEnd / 1048576.0);

      assertThat(soak.failures).as("failed requests (status or Error body)").isEmpty();
      assertThat(soak.requests.get()).as("requests served").isGreaterThan(100);
      for (int t = 0; t < 3; t++) {
        assertThat(thirds.count(t)).as("requests in third %d", t + 1).isPositive();
      }
      long p99First = thirds.percentile(0, 0.99);
      long p99Last = thirds.percentile(2, 0.99);
      // a shared 2-core machine is noisy: a factor of 4 with a 25 ms floor
      assertThat(p99Last).as("p99 of the last third (ns) against the first (%d ns)", p99First)
          .isLessThanOrEqualTo(Math.max(4 * p99First, 25_000_000L));
      assertThat(heapEnd).as("used heap after GC at the end against the start (%d bytes)", heapStart)
          .isLessThanOrEqualTo(2 * heapStart + (64L << 20));
    }
  }

  /** What one run of the clients saw. */
  static final class Run {
    final AtomicLong requests = new AtomicLong();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  }

  static Run run(URI base, List<String> names, Duration length, Histograms thirds) throws Exception {
    Run run = new Run();
    long start = System.nanoTime();
    long end = start + length.toNanos();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        futures.add(pool.submit(() -> {
          HttpClient http = Fixtures.http();
          // a bounded set of pods: the reservation book stays bounded too
          List<ObjectNode> pods = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            pods.add(Fixtures.pod("pod-" + client + "-" + i, i % 3, "registry.invalid/app:" + (i % 5)));
          }
          long n = 0;
          while (n < MAX_REQUESTS_PER_CLIENT && System.nanoTime() < end && run.failures.size() < 20) {
            ObjectNode pod = pods.get((int) (n % pods.size()));
            n++;
            long t0 = System.nanoTime();
            HttpResponse<String> f = Fixtures.post(http, base, "/filter", Fixtures.args(pod, names));
            long t1 = System.nanoTime();
            record(thirds, start, end, t0, t1 - t0);
            run.requests.incrementAndGet();
            JsonNode fr = check(run, "filter", f);
            if (fr == null) {
              continue;
            }
            List<String> passed = new ArrayList<>();
            fr.path("NodeNames").forEach(x -> passed.add(x.asText()));
            if (passed.isEmpty()) {
              run.failures.add("filter passed no node for " + pod.path("metadata").path("name"));
              continue;
            }
            long t2 = System.nanoTime();
            HttpResponse<String> p = Fixtures.post(http, base, "/prioritize", Fixtures.args(pod, passed));
            long t3 = System.nanoTime();
            record(thirds, start, end, t2, t3 - t2);
            run.requests.incrementAndGet();
            JsonNode pr = check(run, "prioritize", p);
            if (pr != null && (!pr.isArray() || pr.size() != passed.size())) {
              run.failures.add("prioritize returned " + pr.size() + " hosts for " + passed.size() + " names");
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(length.toSeconds() + 60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return run;
  }

  private static void record(Histograms thirds, long start, long end, long at, long nanos) {
    if (thirds != null) {
      int third = (int) Math.min(2, Math.max(0, 3 * (at - start) / Math.max(1, end - start)));
      thirds.add(third, nanos);
    }
  }

  private static JsonNode check(Run run, String verb, HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      run.failures.add(verb + " " + r.statusCode() + ": " + r.body());
      return null;
    }
    try {
      JsonNode j = Fixtures.JSON.readTree(r.body());
      JsonNode error = j.path("Error");
      if (!error.isMissingNode() && !error.isNull() && !error.asText().isEmpty()) {
        run.failures.add(verb + " Error: " + error.asText());
        return null;
      }
      return j;
    } catch (Exception e) {
      run.failures.add(verb + " body is not JSON: " + e.getMessage());
      return null;
    }
  }

  static long usedHeapAfterGc(MemoryMXBean memory) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  /** Fixed log-scale latency histograms (about 2 % resolution, 1 µs to 100 s), one per period. */
  static final class Histograms {
    static final double BASE = 1.02;
    static final int BUCKETS = (int) Math.ceil(Math.log(1e11 / 1e3) / Math.log(BASE)) + 1;
    final AtomicLongArray counts;
    final AtomicLongArray max;
    final int periods;

    Histograms(int periods) {
      this.periods = periods;
      this.counts = new AtomicLongArray(periods * BUCKETS);
      this.max = new AtomicLongArray(periods);
    }

    void add(int period, long nanos) {
      int b = (int) Math.max(0, Math.min(BUCKETS - 1, Math.ceil(Math.log(Math.max(1e3, nanos) / 1e3) / Math.log(BASE))));
      counts.incrementAndGet(period * BUCKETS + b);
      max.accumulateAndGet(period, nanos, Math::max);
    }

    long count(int period) {
      long n = 0;
      for (int b = 0; b < BUCKETS; b++) {
        n += counts.get(period * BUCKETS + b);
      }
      return n;
    }

    long max(int period) {
      return max.get(period);
    }

    /** The upper bound of the bucket holding quantile {@code q}, in nanoseconds. */
    long percentile(int period, double q) {
      long total = count(period);
      long rank = (long) Math.ceil(q * total);
      long seen = 0;
      for (int b = 0; b < BUCKETS; b++) {
        seen += counts.get(period * BUCKETS + b);
        if (seen >= rank && seen > 0) {
          return (long) (1e3 * Math.pow(BASE, b));
        }
      }
      return 0;
    }
  }
}
