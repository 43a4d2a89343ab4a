package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.Container;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.Plugin;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.Platform;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.SandboxRuntimePlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UplinkBandwidthPlugin;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One pod placed against 5,000 nodes and 50,000 placed pods, on one thread. {@link #place()}
 * runs the engine with every built-in plugin ({@link DefaultPlugins}: unit affinity, sandbox
 * runtime, architecture, unit connectivity, uplink bandwidth and traffic locality with a
 * reservation book holding 20 in-flight pods, unit spread, image pull cost); the engine's
 * parallelism threshold is {@link Integer#MAX_VALUE}, so every node is evaluated on the benchmark
 * thread. {@link #networkPluginsOnly()} runs just the five network plugins through the SPI in a
 * plain loop (preFilter, filter per node, preScore, score, normalize, best), to attribute the
 * time. The target is at most 200 µs per pod with every plugin.
 *
 * <p>The cluster: 500 units of 10 nodes in 4 regions, uplinks of 20 to 500 Mbit/s (one unit in
 * ten undeclared), 2% of the units disconnected and some stale nodes; every node lists 20 of 200
 * images; the 50,000 pods carry 1,000 app labels and one in five declares a traffic peer. The pod
 * has ingress and egress bandwidth, two peer selectors (about 50 pods each), two images and, in
 * the {@code sandboxed} variant, a RuntimeClass.
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar NetworkPluginsBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetworkPluginsBenchmark {

  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final long MBIT = 1_000_000L;

  /** Whether the pod names a RuntimeClass (then every node's handlers are looked at). */
  @Param({"plain", "sandboxed"})
  public String pod;

  private ClusterSnapshot snapshot;
  private Workload workload;
  private PlacementEngine engine;
  private Plugin[] plugins;
  private int[] feasible;
  private long[] scores;

  @Setup(Level.Trial)
  public void setUp() {
    snapshot = cluster(5_000, 50_000, 42);
    workload = workload(pod.equals("sandboxed"));
    BandwidthReservations book = BandwidthReservations.create(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(30));
    for (int i = 0; i < 20; i++) {
      Workload w = Workload.builder("default", "in-flight-" + i).egressBitsPerSecond(MBIT).build();
      book.reserve(snapshot, w, snapshot.node(i * 97).name());
    }
    plugins = new Plugin[] {UnitConnectivityPlugin.create(), SandboxRuntimePlugin.create(),
        UplinkBandwidthPlugin.create(book), TrafficLocalityPlugin.create(book), ImagePullCostPlugin.create()};
    engine = DefaultPlugins.builder(ImagePlatformResolver.NONE, book).parallelismThreshold(Integer.MAX_VALUE).build();
    feasible = new int[snapshot.nodeCount()];
    scores = new long[snapshot.nodeCount()];
    PlacementResult check = engine.place(snapshot, workload);
    place();
    if (networkPluginsOnly() < 0 || check.feasibleCount() < 1000 || check.candidateCount() != snapshot.nodeCount()) {
      throw new IllegalStateException("the benchmark's cluster is not what it should be: " + check.feasibleCount()
          + " feasible of " + check.candidateCount() + " candidates");
    }
  }

  /** The engine with every built-in plugin: place the pod and take the best node (and its verdict). */
  @Benchmark
  public NodeVerdict place() {
    return engine.place(snapshot, workload).best().orElseThrow();
  }

  /** The five network plugins alone, through the SPI: the best node's index for the pod, or -1. */
  @Benchmark
  public int networkPluginsOnly() {
    CycleState state = new CycleState(snapshot, workload, false);
    for (Plugin p : plugins) {
      if (p instanceof FilterPlugin f && !f.preFilter(state).passed()) {
        return -1;
      }
    }
    int count = 0;
    int nodes = snapshot.nodeCount();
    nodeLoop:
    for (int n = 0; n < nodes; n++) {
      for (Plugin p : plugins) {
        if (p instanceof FilterPlugin f) {
          FilterResult r = f.filter(state, n);
          if (!r.passed()) {
            continue nodeLoop;
          }
        }
      }
      feasible[count++] = n;
    }
    long[] total = new long[count];
    for (Plugin p : plugins) {
      if (p instanceof ScorePlugin s) {
        s.preScore(state, feasible, count);
        for (int i = 0; i < count; i++) {
          scores[i] = s.score(state, feasible[i]);
        }
        s.normalize(state, feasible, scores, count);
        for (int i = 0; i < count; i++) {
          total[i] += scores[i];
        }
      }
    }
    int best = -1;
    for (int i = 0; i < count; i++) {
      if (best < 0 || total[i] > total[best]) {
        best = i;
      }
    }
    return best < 0 ? -1 : feasible[best];
  }

  /** The benchmark's cluster, the same for the same seed. */
  static ClusterSnapshot cluster(int nodeCount, int podCount, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int unitCount = Math.max(1, nodeCount / 10);
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(NOW).runtimeClass("kata", "kata-qemu");
    for (int u = 0; u < unitCount; u++) {
      long capacity = rnd.nextInt(10) == 0 ? Unit.UNLIMITED : (20 + rnd.nextInt(480)) * MBIT * 10;
      b.unit(new Unit(String.format("site-%04d", u), "region-" + (u % 4), capacity,
          Duration.ofMillis(5 + rnd.nextInt(150)), NetworkMode.PUBLIC_VXLAN));
    }
    List<String> pool = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      pool.add("docker.io/library/image-" + i + ":1." + (i % 7));
    }
    List<Node> nodes = new ArrayList<>(nodeCount);
    for (int i = 0; i < nodeCount; i++) {
      int u = i % unitCount;
      boolean down = u % 50 == 7;
      long age = down ? 300 + rnd.nextInt(600) : rnd.nextInt(100) == 0 ? 90 : rnd.nextInt(40);
      Map<String, Long> images = new HashMap<>();
      for (int k = 0; k < 20; k++) {
        images.put(pool.get(rnd.nextInt(pool.size())), (20L + rnd.nextInt(400)) << 20);
      }
      int draw = rnd.nextInt(10);
      nodes.add(Node.builder(String.format("node-%05d", i), String.format("site-%04d", u))
          .region("region-" + (u % 4))
          .platform(draw < 6 ? Platform.LINUX_AMD64 : draw < 9 ? Platform.LINUX_ARM64 : Platform.LINUX_ARM_V7)
          .allocatable(new Resources(8000, 32L << 30, 0, 110))
          .runtimeHandlers(i % 3 == 0 ? Set.of("runc", "kata-qemu") : Set.of("runc"))
          .images(images)
          .ready(rnd.nextInt(200) != 0)
          .lastHeartbeat(NOW.minusSeconds(age))
          .build());
    }
    b.nodes(nodes);
    for (int i = 0; i < podCount; i++) {
      Node host = nodes.get(rnd.nextInt(nodeCount));
      List<TrafficPeer> peers = rnd.nextInt(5) == 0
          ? List.of(new TrafficPeer(LabelSelector.of("app", "app-" + rnd.nextInt(1000)), 10_000)) : List.of();
      b.pod(new PlacedPod("default", "pod-" + i, host.name(), Map.of("app", "app-" + (i % 1000)), null,
          Resources.of(100, 128L << 20), rnd.nextInt(4) == 0 ? 50_000 : 0, rnd.nextInt(4) == 0 ? 50_000 : 0,
          peers));
    }
    for (int r = 0; r < 20; r++) {
      b.pod(new PlacedPod("default", "edge-gateway-" + r, nodes.get(rnd.nextInt(nodeCount)).name(),
          Map.of("app", "gateway"), OWNER, Resources.of(250, 256L << 20), 0, 0, List.of()));
    }
    return b.build();
  }

  private static final OwnerRef OWNER = new OwnerRef("ReplicaSet", "edge-gateway-5c8d", "uid-edge-gateway");
  private static final Set<Platform> MULTI_ARCH = Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64);

  /** The pod to place: bandwidth, two peer selectors, two images, optionally a RuntimeClass. */
  static Workload workload(boolean sandboxed) {
    return Workload.builder("default", "edge-gateway")
        .labels(Map.of("app", "gateway"))
        .owner(OWNER)
        .container(Container.of("gateway", "image-3:1.3", MULTI_ARCH))
        .container(Container.of("sidecar", "docker.io/library/image-150:1.3", MULTI_ARCH))
        .ingressBitsPerSecond(2 * MBIT)
        .egressBitsPerSecond(5 * MBIT)
        .trafficPeers(List.of(new TrafficPeer(LabelSelector.of("app", "app-17"), 200_000),
            new TrafficPeer(LabelSelector.of("app", "app-404"), 100_000)))
        .runtimeClassName(sandboxed ? "kata" : null)
        .build();
  }
}
