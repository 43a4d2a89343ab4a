package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.store.Stored;
import io.edgeplace.core.store.FileSnapshotStore;
import io.edgeplace.core.store.SnapshotCodec;
import io.edgeplace.core.topology.NodeInterner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Restoring and saving a cluster snapshot of {@code nodes} nodes with {@code podsPerNode} pods each
 * (default 10,000 nodes and 100,000 pods) through {@link FileSnapshotStore} and
 * {@link SnapshotCodec}. The fleet ({@link #fleet}) is shaped like real edge nodes: a dozen
 * labels, a few annotations, 12 to 20 cached images each listed by tag and digest, heartbeats,
 * some taints; pods of ReplicaSets with shared labels, requests, some bandwidth and traffic peers.
 *
 * <ul>
 *   <li>{@code restore}: read the newest generation, check its CRC32C, decode it and index it
 *       into a {@link ClusterSnapshot}; compared with the 1 s budget of issue 4.</li>
 *   <li>{@code decode}: the same without the file (bytes already in memory).</li>
 *   <li>{@code save}: encode, write a temporary file, fsync, rename, fsync the directory.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar SnapshotStoreBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2}. Heap per
 * node (budget 2 KB, pods aside) is measured by {@link #main}: {@code java -cp
 * benchmarks/target/benchmarks.jar io.edgeplace.benchmarks.SnapshotStoreBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class SnapshotStoreBenchmark {

  @Param({"10000"})
  public int nodes;

  @Param({"10"})
  public int podsPerNode;

  private Path dir;
  private FileSnapshotStore store;
  private ClusterSnapshot snapshot;
  private byte[] encoded;

  @Setup
  public void setUp() throws IOException {
    snapshot = fleet(nodes, podsPerNode, 42);
    encoded = SnapshotCodec.instance().encode(snapshot);
    dir = Files.createTempDirectory("edgeplace-store-bench");
    store = FileSnapshotStore.builder(dir).build();
    store.clusterSnapshots().save(snapshot);
    System.out.printf("%n%d nodes, %d pods: %,d bytes encoded (%.1f bytes per pod, nodes included)%n",
        snapshot.nodeCount(), snapshot.podCount(), encoded.length, (double) encoded.length / snapshot.podCount());
  }

  @TearDown
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public Stored<ClusterSnapshot> restore() throws IOException {
    return store.clusterSnapshots().loadLatest().orElseThrow();
  }

  @Benchmark
  public ClusterSnapshot decode() throws IOException {
    return SnapshotCodec.instance().decode(encoded, SnapshotCodec.VERSION);
  }

  @Benchmark
  public Stored<ClusterSnapshot> save() throws IOException {
    return store.clusterSnapshots().save(snapshot);
  }

  // ---- the fleet ----

  private static final Platform[] PLATFORMS = {Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7};

  /**
   * A reproducible fleet of {@code nodes} edge nodes in sites of about 40, with
   * {@code podsPerNode} pods on each.
   */
  public static ClusterSnapshot fleet(int nodes, int podsPerNode, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    int sites = Math.max(1, nodes / 40);
    String[] images = new String[200];
    long[] imageSizes = new long[images.length];
    for (int i = 0; i < images.length; i++) {
      images[i] = "registry.example.com/team-" + (i % 17) + "/service-" + i;
      imageSizes[i] = 5_000_000L + rnd.nextLong(500_000_000L);
    }
    List<Node> nodeList = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      String name = String.format("edge-%06d", i);
      int site = rnd.nextInt(sites);
      String unit = String.format("site-%04d", site);
      String region = "region-" + (site % 8);
      Platform platform = PLATFORMS[rnd.nextInt(10) < 6 ? 0 : rnd.nextInt(10) < 8 ? 1 : 2];
      Map<String, String> labels = new HashMap<>();
      labels.put("kubernetes.io/hostname", name);
      labels.put("kubernetes.io/arch", platform.architecture());
      labels.put("kubernetes.io/os", "linux");
      labels.put("beta.kubernetes.io/arch", platform.architecture());
      labels.put("beta.kubernetes.io/os", "linux");
      labels.put("edgeplace.io/unit", unit);
      labels.put("topology.kubernetes.io/region", region);
      labels.put("topology.kubernetes.io/zone", region + "-" + (site % 3));
      labels.put("node.kubernetes.io/instance-type", "edge-box-" + (i % 4));
      labels.put("node-role.kubernetes.io/edge", "");
      labels.put("openyurt.io/is-edge-worker", "true");
      labels.put("apps.openyurt.io/nodepool", unit);
      Map<String, Long> nodeImages = new HashMap<>();
      for (int k = 12 + rnd.nextInt(9); k > 0; k--) {
        int img = rnd.nextInt(images.length);
        nodeImages.put(images[img] + ":1." + (img % 5), imageSizes[img]);
        nodeImages.put(images[img] + "@sha256:" + Integer.toHexString(img * 7919), imageSizes[img]);
      }
      nodeList.add(Node.builder(name, unit)
          .region(region)
          .platform(platform)
          .allocatable(new Resources(1000L * (2 + rnd.nextInt(15)), (4L + rnd.nextInt(60)) << 30, 100L << 30, 110))
          .runtimeHandlers(rnd.nextInt(5) == 0 ? Set.of("runc", "kata") : Set.of("runc"))
          .images(nodeImages)
          .lastHeartbeat(now.minusSeconds(rnd.nextInt(40)))
          .labels(labels)
          .annotations(Map.of("node.alpha.kubernetes.io/ttl", "0",
              "volumes.kubernetes.io/controller-managed-attach-detach", "true",
              "edgeplace.io/uplink-bandwidth", (10 + site % 90) + "M",
              "node.openyurt.io/autonomy-duration", "0s"))
          .taints(rnd.nextInt(10) == 0 ? List.of(new Taint("edge.example/maintenance", "", TaintEffect.NO_SCHEDULE))
              : List.of())
          .build());
    }
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(now).nodes(nodeList)
        .runtimeClass("kata", "kata").runtimeClass("gvisor", "runsc");
    int apps = Math.max(1, nodes * podsPerNode / 8);
    for (int p = 0; p < nodes * podsPerNode; p++) {
      int app = rnd.nextInt(apps);
      String rs = "app-" + app + "-" + Integer.toHexString(app * 31 + 7);
      Map<String, String> labels = Map.of("app", "app-" + app, "pod-template-hash", Integer.toHexString(app * 31 + 7));
      List<TrafficPeer> peers = app % 5 == 0
          ? List.of(new TrafficPeer(LabelSelector.of("app", "app-" + (app + 1) % apps), 5_000_000)) : List.of();
      b.pod(new PlacedPod("ns-" + (app % 50), rs + "-" + Integer.toString(p, 36), nodeList.get(p % nodes).name(),
          labels, new OwnerRef("ReplicaSet", rs, "uid-" + rs),
          new Resources(100 + 50L * (app % 10), (64L << 20) * (1 + app % 8), 0, 0),
          app % 4 == 0 ? 2_000_000 : 0, app % 4 == 0 ? 1_000_000 : 0, peers));
    }
    return b.build();
  }

  // ---- heap per node ----

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Prints the retained heap per node of a {@link ClusterSnapshot} without pods: as the fleet's
   * records are built (no string shared, as a converter of JSON objects makes them), after the
   * live topology's {@link NodeInterner}, and as restored by {@link SnapshotCodec} (strings, maps
   * and sizes shared). Run with
   * {@code java -cp benchmarks/target/benchmarks.jar io.edgeplace.benchmarks.SnapshotStoreBenchmark [nodes]}.
   */
  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    byte[] bytes = SnapshotCodec.instance().encode(fleet(n, 0, 42));

    long base = usedHeapAfterGc();
    ClusterSnapshot built = fleet(n, 0, 42);
    long withBuilt = usedHeapAfterGc();
    System.out.printf("records as built:     %,d nodes, %,d bytes retained, %,.0f bytes per node%n",
        built.nodeCount(), withBuilt - base, (double) (withBuilt - base) / n);
    built = null;

    base = usedHeapAfterGc();
    NodeInterner interner = new NodeInterner();
    List<Node> canonical = new ArrayList<>(n);
    for (Node node : fleet(n, 0, 42).nodes()) {
      canonical.add(interner.canonical(node));
    }
    interner = null;
    ClusterSnapshot live = ClusterSnapshot.builder().nodes(canonical).build();
    canonical = null;
    long withLive = usedHeapAfterGc();
    System.out.printf("live (NodeInterner):  %,d nodes, %,d bytes retained, %,.0f bytes per node%n",
        live.nodeCount(), withLive - base, (double) (withLive - base) / n);
    live = null;

    base = usedHeapAfterGc();
    ClusterSnapshot restored = SnapshotCodec.instance().decode(bytes, SnapshotCodec.VERSION);
    long withRestored = usedHeapAfterGc();
    System.out.printf("restored from disk:   %,d nodes, %,d bytes retained, %,.0f bytes per node%n",
        restored.nodeCount(), withRestored - base, (double) (withRestored - base) / n);
    if (restored.nodeCount() != n) {
      throw new AssertionError("restored " + restored.nodeCount() + " nodes, expected " + n);
    }
    System.out.println("(each node: 12 labels, 4 annotations, 24 to 40 image references, heartbeat; "
        + "strings shared by nodes count once)");
  }
}
