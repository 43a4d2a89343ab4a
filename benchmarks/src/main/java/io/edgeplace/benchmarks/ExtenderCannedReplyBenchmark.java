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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    byte[] filterBody = ExtenderRequests.byName(snapshot);
    byte[] filterReply;
    byte[] prioritizeBody;
    byte[] prioritizeReply;
    try (Extender extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
         ExtenderSocketClient capture = new ExtenderSocketClient(extender.uri())) {
      check(capture.send(capture.post("/filter", filterBody)));
      filterReply = capture.body();
      prioritizeBody = ExtenderRequests.byName(
          ExtenderRequests.passedNames(new String(filterReply, StandardCharsets.UTF_8)));
      check(capture.send(capture.post("/prioritize", prioritizeBody)));
      prioritizeReply = capture.body();
    }
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.createContext("/filter", x -> answer(x, filterReply));
    server.createContext("/prioritize", x -> answer(x, prioritizeReply));
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    direct = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
    filter = HttpRequest.newBuilder(base.resolve("/filter")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(filterBody)).build();
    prioritize = HttpRequest.newBuilder(base.resolve("/prioritize")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(prioritizeBody)).build();
    socket = new ExtenderSocketClient(base);
    socketFilter = socket.post("/filter", filterBody);
    socketPrioritize = socket.post("/prioritize", prioritizeBody);
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

  private static void check(int status) {
    if (status != 200) {
      throw new IllegalStateException("status " + status);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    socket.close();
    server.stop(0);
  }

  /** The two canned exchanges with the JDK's HttpClient. */
  @Benchmark
  public int jdkClient() throws IOException, InterruptedException {
    HttpResponse<byte[]> f = client.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = client.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    return f.body().length + p.body().length;
  }

  /** The two canned exchanges with a JDK client that completes responses on its selector thread. */
  @Benchmark
  public int jdkClientDirect() throws IOException, InterruptedException {
    HttpResponse<byte[]> f = direct.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = direct.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    return f.body().length + p.body().length;
  }

  /** The two canned exchanges with the blocking socket client. */
  @Benchmark
  public int socketClient() throws IOException {
    check(socket.send(socketFilter));
    int f = socket.bodyLength();
    check(socket.send(socketPrioritize));
    return f + socket.bodyLength();
  }
}
