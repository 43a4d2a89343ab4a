package io.edgeplace.benchmarks;

import io.edgeplace.extender.Extender;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The extender serving a {@link SyntheticClusters} cluster on a loopback port, in a JVM of its
 * own, for {@link ExtenderProcessRoundTripBenchmark}: it prints its URI on one line, then serves
 * until its standard input ends (the benchmark's fork closes it, or dies).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.edgeplace.benchmarks.ExtenderServerMain 5000
 * </pre>
 */
public final class ExtenderServerMain {
  private ExtenderServerMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ExtenderServerMain NODES");
      System.exit(2);
    }
    int nodes = Integer.parseInt(args[0]);
    try (Extender extender = Extender.serve(SyntheticClusters.cluster(nodes, 42),
        new InetSocketAddress("127.0.0.1", 0))) {
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
}
