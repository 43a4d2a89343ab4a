package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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
 * What kube-scheduler sees of the extender for one pod: a {@code filter} call and then a
 * {@code prioritize} call over loopback HTTP/1.1 with keep-alive, {@code nodeCacheCapable}
 * (node names only), against a synthetic edge cluster ({@link SyntheticClusters}) served with
 * the extender's whole plugin set. The client is the JDK's {@link HttpClient}, so its own cost is
 * included in {@link #filterThenPrioritize()}; {@link #filterThenPrioritizeSocketClient()} does the
 * same with a minimal blocking client over a plain socket ({@link ExtenderSocketClient}), which
 * behaves more like kube-scheduler's Go {@code net/http} client, and
 * {@link #filterThenPrioritizeJdkClientDirect()} with a JDK client that completes responses on
 * its own selector thread ({@code executor(Runnable::run)}) instead of handing each one to a
 * pool thread. The prioritize call carries the names the filter passed, as kube-scheduler sends
 * them.
 *
 * <p>Targets: at most 0.5 ms median with 500 node names, at most 2 ms at the 99th percentile with
 * 5,000 ({@link Mode#SampleTime} reports both). For scale: one upstream measurement saw a
 * prioritize-only Go extender cost kube-scheduler about 8 ms a pod at 500 nodes.
 *
 * <p>Run it from the repository root:
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderRoundTripBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ExtenderRoundTripBenchmark {

  @Param({"500", "5000"})
  public int nodes;

  private Extender extender;
  private HttpClient client;
  private HttpClient direct;
  private HttpRequest filter;
  private HttpRequest prioritize;
  private ExtenderSocketClient socket;
  private byte[] socketFilter;
  private byte[] socketPrioritize;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    URI base = extender.uri();
    filter = post(base.resolve("/filter"), ExtenderRequests.byName(snapshot));
    String passed = client.send(filter, HttpResponse.BodyHandlers.ofString()).body();
    List<String> names = ExtenderRequests.passedNames(passed);
    if (names.size() < nodes / 4) {
      throw new IllegalStateException("only " + names.size() + " of " + nodes + " nodes pass the filter: " + passed
          .substring(0, Math.min(2000, passed.length())));
    }
    byte[] prioritizeBody = ExtenderRequests.byName(names);
    prioritize = post(base.resolve("/prioritize"), prioritizeBody);
    socket = new ExtenderSocketClient(base);
    socketFilter = socket.post("/filter", ExtenderRequests.byName(snapshot));
    socketPrioritize = socket.post("/prioritize", prioritizeBody);
    String scores = client.send(prioritize, HttpResponse.BodyHandlers.ofString()).body();
    if (!scores.startsWith("[{\"Host\":")) {
      throw new IllegalStateException("prioritize answered " + scores.substring(0, Math.min(500, scores.length())));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    socket.close();
    extender.close();
  }

  private static HttpRequest post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** One pod: filter, then prioritize. */
  @Benchmark
  public int filterThenPrioritize() throws IOException, InterruptedException {
    HttpResponse<byte[]> f = client.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = client.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    if (f.statusCode() != 200 || p.statusCode() != 200) {
      throw new IllegalStateException("status " + f.statusCode() + "/" + p.statusCode());
    }
    return f.body().length + p.body().length;
  }

  /** One pod: filter, then prioritize, with a JDK client that hands no response to another thread. */
  @Benchmark
  public int filterThenPrioritizeJdkClientDirect() throws IOException, InterruptedException {
    HttpResponse<byte[]> f = direct.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = direct.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    if (f.statusCode() != 200 || p.statusCode() != 200) {
      throw new IllegalStateException("status " + f.statusCode() + "/" + p.statusCode());
    }
    return f.body().length + p.body().length;
  }

  /**
   * One pod, filter then prioritize, with a blocking HTTP/1.1 client over one keep-alive socket
   * ({@link ExtenderSocketClient}), closer to kube-scheduler's Go client than the JDK's.
   */
  @Benchmark
  public int filterThenPrioritizeSocketClient() throws IOException {
    int f = socket.send(socketFilter);
    int fl = socket.bodyLength();
    int p = socket.send(socketPrioritize);
    if (f != 200 || p != 200) {
      throw new IllegalStateException("status " + f + "/" + p);
    }
    return fl + socket.bodyLength();
  }
}
