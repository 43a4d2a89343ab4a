package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.util.ArrayList;
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
  private PodCalls calls;
  private PodCalls someNodes;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
    calls = PodCalls.against(extender.uri(), snapshot);
    // kube-scheduler's own filters (taints, resources) usually drop some nodes before it asks
    List<String> most = new ArrayList<>();
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      if (i % 10 != 9) {
        most.add(snapshot.node(i).name());
      }
    }
    someNodes = PodCalls.against(extender.uri(), ExtenderRequests.byName(most), most.size());
    String scores = new String(calls.replies()[1], java.nio.charset.StandardCharsets.UTF_8);
    if (!scores.startsWith("[{\"Host\":")) {
      throw new IllegalStateException("prioritize answered " + scores.substring(0, Math.min(500, scores.length())));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    calls.close();
    someNodes.close();
    extender.close();
  }

  /** One pod: filter, then prioritize. */
  @Benchmark
  public int filterThenPrioritize() throws IOException, InterruptedException {
    return calls.jdk();
  }

  /** One pod: filter, then prioritize, with a JDK client that hands no response to another thread. */
  @Benchmark
  public int filterThenPrioritizeJdkClientDirect() throws IOException, InterruptedException {
    return calls.jdkDirect();
  }

  /**
   * One pod, filter then prioritize, with a blocking HTTP/1.1 client over one keep-alive socket
   * ({@link ExtenderSocketClient}), closer to kube-scheduler's Go client than the JDK's.
   */
  @Benchmark
  public int filterThenPrioritizeSocketClient() throws IOException {
    return calls.socket();
  }

  /**
   * As {@link #filterThenPrioritizeSocketClient()}, with nine nodes in ten named, as when
   * kube-scheduler's own filters have dropped some: the extender places them by node index.
   */
  @Benchmark
  public int filterThenPrioritizeSocketClientNineInTen() throws IOException {
    return someNodes.socket();
  }
}
