package io.edgeplace.benchmarks;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
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
  private PodCalls calls;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    List<String> jvmArgs = new ArrayList<>(List.of("-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    String extra = System.getProperty("edgeplace.server.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      jvmArgs.addAll(Arrays.asList(extra.split("\\s+")));
    }
    ExtenderServerMain.Launched launched = ExtenderServerMain.launch(nodes, jvmArgs, null);
    server = launched.process();
    calls = PodCalls.against(launched.uri(), SyntheticClusters.cluster(nodes, 42));
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (calls != null) {
      calls.close();
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
    return calls.jdk();
  }

  /** The same with a JDK client that completes responses on its selector thread. */
  @Benchmark
  public int jdkClientDirect() throws IOException, InterruptedException {
    return calls.jdkDirect();
  }

  /** One pod, filter then prioritize, with the blocking socket client ({@link ExtenderSocketClient}). */
  @Benchmark
  public int socketClient() throws IOException {
    return calls.socket();
  }
}
