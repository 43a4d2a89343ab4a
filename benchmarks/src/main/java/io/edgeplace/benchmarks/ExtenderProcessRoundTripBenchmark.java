package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ExtenderRoundTripBenchmark} with the extender in a JVM of its own
 * ({@link ExtenderServerMain}), as in a cluster, where kube-scheduler is another process: the
 * client's garbage no longer adds to the extender's collections, nor the extender's to the
 * client's. The server JVM runs with {@code -Xmx1g} (as the benchmark forks do) plus whatever
 * the system property {@code edgeplace.server.jvmArgs} lists (space-separated), for instance
 * the collector and heap a deployment gives it:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderProcessRoundTripBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5
 * java -jar benchmarks/target/benchmarks.jar ExtenderProcessRoundTripBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5 \
 *   -jvmArgsAppend "-Dedgeplace.server.jvmArgs=-XX:+UseSerialGC -Xmx384m"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ExtenderProcessRoundTripBenchmark {

  @Param({"500", "5000"})
  public int nodes;

  private Process server;
  private HttpClient client;
  private HttpClient direct;
  private HttpRequest filter;
  private HttpRequest prioritize;
  private ExtenderSocketClient socket;
  private byte[] socketFilter;
  private byte[] socketPrioritize;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    String extra = System.getProperty("edgeplace.server.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      command.addAll(Arrays.asList(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExtenderServerMain.class.getName(),
        String.valueOf(nodes)));
    server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(120, TimeUnit.SECONDS);
    if (line == null || !line.startsWith("http://")) {
      throw new IllegalStateException("the extender process did not start: " + line + " (" + command + ")");
    }
    URI base = URI.create(line.trim());
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    byte[] filterBody = ExtenderRequests.byName(snapshot);
    socket = new ExtenderSocketClient(base);
    socketFilter = socket.post("/filter", filterBody);
    if (socket.send(socketFilter) != 200) {
      throw new IllegalStateException("filter answered " + new String(socket.body(), 0, socket.bodyLength(),
          StandardCharsets.UTF_8));
    }
    List<String> names = ExtenderRequests.passedNames(new String(socket.body(), 0, socket.bodyLength(),
        StandardCharsets.UTF_8));
    if (names.size() < nodes / 4) {
      throw new IllegalStateException("only " + names.size() + " of " + nodes + " nodes pass the filter");
    }
    byte[] prioritizeBody = ExtenderRequests.byName(names);
    socketPrioritize = socket.post("/prioritize", prioritizeBody);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    filter = HttpRequest.newBuilder(base.resolve("/filter")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(filterBody)).build();
    prioritize = HttpRequest.newBuilder(base.resolve("/prioritize")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(prioritizeBody)).build();
    String scores = client.send(prioritize, HttpResponse.BodyHandlers.ofString()).body();
    if (!scores.startsWith("[{\"Host\":")) {
      throw new IllegalStateException("prioritize answered " + scores.substring(0, Math.min(500, scores.length())));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (socket != null) {
      socket.close();
    }
    if (server != null) {
      server.getOutputStream().close();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  /** One pod, filter then prioritize, with the JDK's {@link HttpClient} as built by default. */
  @Benchmark
  public int jdkClient() throws IOException, InterruptedException {
    return send(client);
  }

  /** The same with a JDK client that completes responses on its selector thread. */
  @Benchmark
  public int jdkClientDirect() throws IOException, InterruptedException {
    return send(direct);
  }

  private int send(HttpClient c) throws IOException, InterruptedException {
    HttpResponse<byte[]> f = c.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = c.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    if (f.statusCode() != 200 || p.statusCode() != 200) {
      throw new IllegalStateException("status " + f.statusCode() + "/" + p.statusCode());
    }
    return f.body().length + p.body().length;
  }

  /** One pod, filter then prioritize, with the blocking socket client ({@link ExtenderSocketClient}). */
  @Benchmark
  public int socketClient() throws IOException {
    int f = socket.send(socketFilter);
    int fl = socket.bodyLength();
    int p = socket.send(socketPrioritize);
    if (f != 200 || p != 200) {
      throw new IllegalStateException("status " + f + "/" + p);
    }
    return fl + socket.bodyLength();
  }
}
