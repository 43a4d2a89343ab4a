package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

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

  /** A running {@code ExtenderServerMain}: its process (which ends when its input is closed) and its URI. */
  record Launched(Process process, URI uri) {
  }

  /**
   * Starts {@code ExtenderServerMain} in a JVM of its own, on this JVM's class path, with
   * {@code jvmArgs}, serving {@code nodes} nodes and first writing the requests to {@code dir}
   * unless it is null; waits up to two minutes for the URI it prints.
   */
  static Launched launch(int nodes, List<String> jvmArgs, @Nullable Path dir) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), ExtenderServerMain.class.getName(),
        String.valueOf(nodes)));
    if (dir != null) {
      command.add(dir.toString());
    }
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = CompletableFuture.supplyAsync(() -> {
      try {
        return out.readLine();
      } catch (IOException e) {
        return null;
      }
    }).get(120, TimeUnit.SECONDS);
    if (line == null || !line.startsWith("http://")) {
      process.destroyForcibly();
      throw new IllegalStateException("the extender process did not start: " + line + " (" + command + ")");
    }
    return new Launched(process, URI.create(line.trim()));
  }

  private static void writeRequests(Extender extender, ClusterSnapshot snapshot, Path dir) throws IOException {
    try (PodCalls calls = PodCalls.against(extender.uri(), snapshot)) {
      Files.createDirectories(dir);
      Files.write(dir.resolve("filter.json"), calls.filterBody);
      Files.write(dir.resolve("prioritize.json"), calls.prioritizeBody);
    }
  }
}
