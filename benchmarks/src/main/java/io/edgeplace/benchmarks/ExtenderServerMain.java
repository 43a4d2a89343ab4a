package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The extender serving a {@link SyntheticClusters} cluster on a loopback port, in a JVM of its
 * own, for {@link ExtenderProcessRoundTripBenchmark} and for load tests with {@code wrk}: it
 * prints its URI on one line, then serves until its standard input ends (the benchmark's fork
 * closes it, or dies). Given a directory, it first writes there the two requests
 * kube-scheduler would send for one pod: {@code filter.json} (every node's name) and
 * {@code prioritize.json} (the names the filter passed).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.edgeplace.benchmarks.ExtenderServerMain 5000 [DIR]
 * </pre>
 */
public final class ExtenderServerMain {
  private ExtenderServerMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ExtenderServerMain NODES [DIR]");
      System.exit(2);
    }
    int nodes = Integer.parseInt(args[0]);
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    try (Extender extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0))) {
      if (args.length == 2) {
        writeRequests(extender, snapshot, Path.of(args[1]));
      }
      System.out.println(extender.uri());
      System.out.flush();
      try {
        while (System.in.read() >= 0) {
          // serve until the parent goes away
        }
      } catch (IOException e) {
        // the parent is gone
      }
    }
    System.exit(0);
  }

  private static void writeRequests(Extender extender, ClusterSnapshot snapshot, Path dir) throws IOException {
    try (PodCalls calls = PodCalls.against(extender.uri(), snapshot)) {
      Files.createDirectories(dir);
      Files.write(dir.resolve("filter.json"), calls.filterBody);
      Files.write(dir.resolve("prioritize.json"), calls.prioritizeBody);
    }
  }
}
