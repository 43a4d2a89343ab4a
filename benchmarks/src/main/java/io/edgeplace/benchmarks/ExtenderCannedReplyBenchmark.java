package io.edgeplace.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
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
 * The transport floor of {@link ExtenderRoundTripBenchmark}: the same two requests (the same
 * bodies) answered with the extender's real replies, captured once, by a do-nothing server (the
 * JDK's {@code com.sun.net.httpserver} with {@code TCP_NODELAY}, answering on its dispatcher
 * thread; without {@code TCP_NODELAY} its two writes per reply meet delayed ACKs) that only reads the
 * body and writes the canned bytes. What the round trip costs above this is the extender: Jetty,
 * decoding, placing and encoding. Measured with the JDK's {@link HttpClient} (as built by
 * default, and with {@code executor(Runnable::run)}) and with the blocking socket client
 * ({@link ExtenderSocketClient}).
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderCannedReplyBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
    "-Dsun.net.httpserver.nodelay=true"})
public class ExtenderCannedReplyBenchmark {

  @Param({"500", "5000"})
  public int nodes;

  private HttpServer server;
  private PodCalls calls;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    byte[][] replies;
    byte[] filterBody;
    byte[] prioritizeBody;
    try (Extender extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
         PodCalls capture = PodCalls.against(extender.uri(), snapshot)) {
      replies = capture.replies();
      filterBody = capture.filterBody;
      prioritizeBody = capture.prioritizeBody;
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/filter", x -> answer(x, replies[0]));
    server.createContext("/prioritize", x -> answer(x, replies[1]));
    server.start();
    calls = PodCalls.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), filterBody, prioritizeBody);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange x, byte[] reply) throws IOException {
    try (InputStream in = x.getRequestBody()) {
      in.readAllBytes();
    }
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(200, reply.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(reply);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    calls.close();
    server.stop(0);
  }

  /** The two canned exchanges with the JDK's HttpClient. */
  @Benchmark
  public int jdkClient() throws IOException, InterruptedException {
    return calls.jdk();
  }

  /** The two canned exchanges with a JDK client that completes responses on its selector thread. */
  @Benchmark
  public int jdkClientDirect() throws IOException, InterruptedException {
    return calls.jdkDirect();
  }

  /** The two canned exchanges with the blocking socket client. */
  @Benchmark
  public int socketClient() throws IOException {
    return calls.socket();
  }
}
