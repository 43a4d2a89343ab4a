package io.edgeplace.extender.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeplace.extender.Extender;
import io.edgeplace.extender.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in live mode ({@code --kubeconfig} naming fabric8's mock API server on 127.0.0.1):
 * the API server stopped and restarted under load, an unwritable cache directory, a registry
 * that accepts connections and never answers. The extender must keep answering every request
 * and say in {@code /readyz} how fresh its snapshot is (and, in {@code /readyz} and
 * {@code /metrics}, that saving to the cache directory fails).
 */
class ExtenderFaultsTest {
  static final int NODES = 30;
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  static List<String> names() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      names.add(Fixtures.nodeName(i));
    }
    return names;
  }

  Extender startLive(LiveApi api, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--kubeconfig", Fixtures.kubeconfig(dir, api.url()).toString(),
        "--listen", "127.0.0.1:0"));
    args.addAll(List.of(more));
    return Extender.start(Options.parse(args));
  }

  static String state(HttpClient http, URI base) {
    try {
      HttpResponse<String> r = Fixtures.get(http, base, "/readyz");
      return r.statusCode() + " " + Fixtures.json(r).path("state").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Clients doing filter then prioritize until stopped, recording every failure. */
  static final class Load implements AutoCloseable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicInteger requests = new AtomicInteger();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final ExecutorService pool;
    final List<Future<?>> futures = new ArrayList<>();

    Load(URI base, int clients, String image) {
      pool = Executors.newFixedThreadPool(clients);
      List<String> names = names();
      for (int c = 0; c < clients; c++) {
        int client = c;
        futures.add(pool.submit(() -> {
          HttpClient http = Fixtures.http();
          int n = 0;
          while (!stop.get() && n < 1_000_000) {
            ObjectNode pod = Fixtures.pod("p-" + client + "-" + (n % 10), n % 3, image);
            n++;
            for (String verb : List.of("/filter", "/prioritize")) {
              try {
                HttpResponse<String> r = Fixtures.post(http, base, verb, Fixtures.args(pod, names));
                requests.incrementAndGet();
                JsonNode j = Fixtures.json(r);
                String error = j.isObject() ? j.path("Error").asText("") : "";
                if (r.statusCode() != 200 || !error.isEmpty()) {
                  failures.add(verb + " " + r.statusCode() + " " + r.body());
                }
              } catch (Exception e) {
                failures.add(verb + " " + e);
              }
            }
          }
          return null;
        }));
      }
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      pool.shutdownNow();
    }
  }

  @Test
  void apiServerStoppedAndRestartedUnderLoad_noRequestFails_andReadyzSaysLiveStaleLive() throws Exception {
    try (LiveApi api = new LiveApi()) {
      api.createNodes(NODES);
      try (Extender e = startLive(api)) {
        HttpClient http = Fixtures.http();
        Fixtures.await("LIVE with every node", WAIT,
            () -> state(http, e.uri()).equals("200 LIVE") && e.service().nodeNames().size() == NODES);
        List<String> states = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
          HttpClient h = Fixtures.http();
          while (watching.get()) {
            String s = state(h, e.uri());
            if (states.isEmpty() || !states.get(states.size() - 1).equals(s)) {
              states.add(s);
            }
          }
        }, "readyz-watcher");
        watcher.start();
        int during;
        try (Load load = new Load(e.uri(), 3, "registry.invalid/app:1")) {
          Fixtures.await("some load", WAIT, () -> load.requests.get() > 50);
          api.stop();
          Fixtures.await("STALE after the API server went away", WAIT, () -> states.contains("200 STALE"));
          int before = load.requests.get();
          Fixtures.await("requests served while STALE", WAIT, () -> load.requests.get() > before + 50);
          during = load.requests.get() - before;
          api.restart();
          api.createNodes(NODES);
          Fixtures.await("LIVE again with every node", WAIT, () -> states.get(states.size() - 1).equals("200 LIVE")
              && e.service().nodeNames().size() == NODES);
          int after = load.requests.get();
          Fixtures.await("requests served after the return", WAIT, () -> load.requests.get() > after + 50);
          load.close();
          System.out.printf("api outage: %d requests (%d while STALE), readyz states %s%n", load.requests.get(),
              during, states);
          assertThat(load.failures).as("failed requests").isEmpty();
        } finally {
          watching.set(false);
          watcher.join(10_000);
        }
        assertThat(states.get(0)).isEqualTo("200 LIVE");
        int stale = states.indexOf("200 STALE");
        assertThat(stale).as("STALE reported: %s", states).isPositive();
        assertThat(states.subList(stale, states.size())).as("LIVE after STALE: %s", states).contains("200 LIVE");
        assertThat(states).as("never unready").allMatch(s -> s.startsWith("200 "));
      }
    }
  }

  @Test
  void cacheDirectoryThatCannotBeWritten_servingGoesOnFromMemory_andTheStoreStaysReadable() throws Exception {
    Path cache = dir.resolve("cache");
    try (LiveApi api = new LiveApi()) {
      api.createNodes(NODES);
      // 1. a writable cache directory: the live snapshot is saved
      try (Extender e = startLive(api, "--cache-dir", cache.toString())) {
        HttpClient http = Fixtures.http();
        Fixtures.await("LIVE with every node", WAIT,
            () -> state(http, e.uri()).equals("200 LIVE") && e.service().nodeNames().size() == NODES);
        Fixtures.await("a saved snapshot", WAIT, () -> files(cache) > 0);
        assertThat(Fixtures.get(http, e.uri(), "/metrics").body()).contains("edgeplace_extender_cache_write_failing 0.0");
      }
      List<String> saved = list(cache);

      // 2. the same path made unusable (its parent is a regular file; root ignores chmod)
      Path blocked = dir.resolve("blocked");
      Files.writeString(blocked, "not a directory");
      Path unusable = blocked.resolve("cache");
      try (Extender e = startLive(api, "--cache-dir", unusable.toString())) {
        HttpClient http = Fixtures.http();
        Fixtures.await("LIVE with every node", WAIT,
            () -> state(http, e.uri()).equals("200 LIVE") && e.service().nodeNames().size() == NODES);
        try (Load load = new Load(e.uri(), 2, "registry.invalid/app:1")) {
          try (var c = api.client()) {
            c.nodes().withName(Fixtures.nodeName(0)).delete();
          }
          Fixtures.await("the change is served from memory", WAIT, () -> e.service().nodeNames().size() == NODES - 1);
          int before = load.requests.get();
          Fixtures.await("requests served", WAIT, () -> load.requests.get() > before + 50);
          load.close();
          assertThat(load.failures).as("failed requests").isEmpty();
        }
        Fixtures.await("readyz says saves fail", WAIT, () -> readyz(http, e.uri()).path("detail").asText()
            .contains("saving to the cache directory fails"));
        JsonNode ready = Fixtures.json(Fixtures.get(http, e.uri(), "/readyz"));
        String metrics = Fixtures.get(http, e.uri(), "/metrics").body();
        System.out.printf("unwritable cache: readyz %s%nmetrics lines: %s%n", ready,
            metrics.lines().filter(l -> l.startsWith("edgeplace_extender_snapshot") || l.startsWith("edgeplace_extender_cache")).toList());
        assertThat(ready.path("ready").asBoolean()).isTrue();
        assertThat(ready.path("state").asText()).isEqualTo("LIVE");
        assertThat(metrics).contains("edgeplace_extender_snapshot_ready 1.0")
            .contains("edgeplace_extender_cache_write_failing 1.0");
        assertThat(ready.path("detail").asText()).contains("serving from memory").contains(unusable.toString());
      }
      assertThat(Files.isRegularFile(blocked)).as("the blocking file is left alone").isTrue();
      assertThat(Files.readString(blocked)).isEqualTo("not a directory");

      // 3. the good directory is still a readable store: with the API server gone it restores
      assertThat(list(cache)).isEqualTo(saved);
      api.stop();
      try (Extender e = startLive(api, "--cache-dir", cache.toString())) {
        HttpClient http = Fixtures.http();
        JsonNode ready = Fixtures.json(Fixtures.get(http, e.uri(), "/readyz"));
        assertThat(ready.path("state").asText()).as("%s", ready).isEqualTo("RESTORED");
        assertThat(e.service().nodeNames()).hasSize(NODES);
        HttpResponse<String> f = Fixtures.post(http, e.uri(), "/filter",
            Fixtures.args(Fixtures.pod("restored", 0, "registry.invalid/app:1"), names()));
        assertThat(f.statusCode()).isEqualTo(200);
        assertThat(Fixtures.json(f).path("NodeNames").size()).isPositive();
      }
    }
  }

  @Test
  void aRegistryThatNeverAnswers_neverStallsARequest() throws Exception {
    try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         LiveApi api = new LiveApi()) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor = new Thread(() -> {
        while (!hanging.isClosed()) {
          try {
            held.add(hanging.accept()); // accepted, never read, never answered
          } catch (IOException e) {
            return;
          }
        }
      }, "hanging-registry");
      acceptor.setDaemon(true);
      acceptor.start();
      api.createNodes(NODES);
      String image = "127.0.0.1:" + hanging.getLocalPort() + "/acme/app:1";
      try (Extender e = startLive(api)) {
        HttpClient http = Fixtures.http();
        Fixtures.await("LIVE with every node", WAIT,
            () -> state(http, e.uri()).equals("200 LIVE") && e.service().nodeNames().size() == NODES);
        long worst = 0;
        for (int i = 0; i < 40; i++) {
          ObjectNode pod = Fixtures.pod("hang-" + i, i % 3, i % 2 == 0 ? image
              : "127.0.0.1:" + hanging.getLocalPort() + "/acme/other-" + i + ":1");
          for (String verb : List.of("/filter", "/prioritize", "/explain")) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = Fixtures.post(http, e.uri(), verb, Fixtures.args(pod, names()));
            worst = Math.max(worst, System.nanoTime() - t0);
            assertThat(r.statusCode()).as("%s %s", verb, r.body()).isEqualTo(200);
            JsonNode j = Fixtures.json(r);
            if (j.isObject()) {
              assertThat(j.path("Error").asText("")).as(verb).isEmpty();
            }
          }
        }
        Fixtures.await("the registry was asked", WAIT, () -> !held.isEmpty());
        System.out.printf("hanging registry: 120 requests, slowest %.1f ms, %d connections held open%n",
            worst / 1e6, held.size());
        // the registry's request timeout is 10 s: a request that waited on it would take that long
        // (the slowest measured 0.2-0.5 s cold with a core kept busy; half the timeout leaves room)
        assertThat(Duration.ofNanos(worst)).as("slowest request").isLessThan(Duration.ofSeconds(5));
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }

  static JsonNode readyz(HttpClient http, URI base) {
    try {
      return Fixtures.json(Fixtures.get(http, base, "/readyz"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long files(Path d) {
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private static List<String> list(Path d) throws IOException {
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(Files::isRegularFile).map(p -> d.relativize(p) + ":" + size(p)).sorted().toList();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }
}
