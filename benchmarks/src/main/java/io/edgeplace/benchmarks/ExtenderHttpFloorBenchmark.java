package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The HTTP floor under {@link ExtenderRoundTripBenchmark}: one {@code GET /healthz} (a 15-byte
 * reply, no placement work) over the same loopback keep-alive connection, with the JDK's
 * {@link HttpClient} and with a minimal blocking socket client ({@link ExtenderSocketClient}).
 * What a round trip costs above this is decoding, placing and encoding.
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderHttpFloorBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ExtenderHttpFloorBenchmark {
  private Extender extender;
  private HttpClient client;
  private HttpRequest healthz;
  private ExtenderSocketClient socket;
  private byte[] socketHealthz;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(50, 42);
    extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    healthz = HttpRequest.newBuilder(extender.uri().resolve("/healthz")).GET().build();
    socket = new ExtenderSocketClient(extender.uri());
    socketHealthz = socket.get("/healthz");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    socket.close();
    extender.close();
  }

  /** {@code GET /healthz} with the JDK's HttpClient. */
  @Benchmark
  public int healthzJdkClient() throws IOException, InterruptedException {
    HttpResponse<byte[]> r = client.send(healthz, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("status " + r.statusCode());
    }
    return r.body().length;
  }

  /** {@code GET /healthz} with a blocking socket client. */
  @Benchmark
  public int healthzSocketClient() throws IOException {
    int status = socket.send(socketHealthz);
    if (status != 200) {
      throw new IllegalStateException("status " + status);
    }
    return socket.bodyLength();
  }
}
