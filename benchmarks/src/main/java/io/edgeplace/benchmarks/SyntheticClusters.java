package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic edge clusters for benchmarks: reproducible from a seed, shaped like a fleet of
 * small sites. Nodes are spread over units of about {@value #NODES_PER_UNIT} nodes; 60% are
 * linux/amd64, 30% linux/arm64 and 10% linux/arm/v7; allocatable CPU is 2 to 16 cores. The
 * workload {@link #workload()} has multi-arch images (amd64 and arm64; its init container also
 * arm/v7), so the arm/v7 nodes are rejected, and {@link #REPLICAS} replicas already placed.
 */
public final class SyntheticClusters {

  /** Average unit size. */
  public static final int NODES_PER_UNIT = 50;
  /** Replicas of {@link #workload()} already placed in every generated cluster. */
  public static final int REPLICAS = 20;

  private static final OwnerRef OWNER = new OwnerRef("ReplicaSet", "web-7d9f", "uid-web-7d9f");
  private static final Map<String, String> LABELS = Map.of("app", "web", "pod-template-hash", "7d9f");

  private SyntheticClusters() {
  }

  /** A cluster of {@code nodes} nodes, the same for the same {@code seed}. */
  public static ClusterSnapshot cluster(int nodes, long seed) {
    if (nodes < 1) {
      throw new IllegalArgumentException("nodes is " + nodes + "; a synthetic cluster needs at least one node");
    }
    SplittableRandom random = new SplittableRandom(seed);
    int units = Math.max(1, nodes / NODES_PER_UNIT);
    List<Node> list = new ArrayList<>(nodes);
    for (int i = 0; i < nodes; i++) {
      int draw = random.nextInt(10);
      Platform platform = draw < 6 ? Platform.LINUX_AMD64 : draw < 9 ? Platform.LINUX_ARM64 : Platform.LINUX_ARM_V7;
      String unit = String.format("site-%04d", random.nextInt(units));
      list.add(Node.builder(String.format("node-%06d", i), unit)
          .region("region-" + (unit.hashCode() & 3))
          .platform(platform)
          .allocatable(new Resources(1000L * (2 + random.nextInt(15)), (4L + random.nextInt(60)) << 30, 0, 110))
          .build());
    }
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(Instant.parse("2026-01-01T00:00:00Z")).nodes(list);
    for (int r = 0; r < REPLICAS; r++) {
      Node host = list.get(random.nextInt(nodes));
      b.pod(new PlacedPod("default", "web-7d9f-" + r, host.name(), LABELS, OWNER, Resources.of(250, 256L << 20),
          0, 0, List.of()));
    }
    return b.build();
  }

  /** One more replica of the workload whose {@link #REPLICAS} replicas every cluster holds. */
  public static Workload workload() {
    Set<Platform> multiArch = Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64);
    return Workload.builder("default", "web-7d9f-new")
        .labels(LABELS)
        .owner(OWNER)
        .initContainers(List.of(Container.of("init", "busybox:1.36",
            Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7))))
        .containers(List.of(
            new Container("web", "nginx:1.27", multiArch, Resources.of(250, 256L << 20)),
            new Container("sidecar", "envoy:1.31", multiArch, Resources.of(100, 64L << 20))))
        .build();
  }
}
