package io.edgeplace.core.testing;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Random clusters and workloads for invariant tests, drawn from a {@link RandomGenerator} so that
 * a seed reproduces them. Shapes are deliberately awkward: units of one node, nodes without
 * allocatable CPU, platforms no image supports, images with unknown platforms, allowed units
 * that do not exist, replicas found by owner and by labels.
 *
 * <pre>{@code
 * RandomGenerator random = new SplittableRandom(seed);
 * ClusterSnapshot snapshot = RandomClusters.cluster(random, 200);
 * Workload workload = RandomClusters.workload(random, snapshot);
 * }</pre>
 */
public final class RandomClusters {

  /** The node platforms clusters are drawn from, common ones first. */
  public static final List<Platform> NODE_PLATFORMS = List.of(
      Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6,
      Platform.of("linux", "arm", "v8"), Platform.of("linux", "386", ""), Platform.of("linux", "ppc64le", ""),
      Platform.of("windows", "amd64", ""));

  /** The image platforms workloads are drawn from: the node platforms and some no node has. */
  public static final List<Platform> IMAGE_PLATFORMS;

  static {
    List<Platform> images = new ArrayList<>(NODE_PLATFORMS);
    images.add(Platform.of("linux", "arm", "v5"));
    images.add(Platform.of("linux", "s390x", ""));
    images.add(Platform.of("linux", "riscv64", ""));
    IMAGE_PLATFORMS = List.copyOf(images);
  }

  private static final Instant TIME = Instant.parse("2026-03-01T12:00:00Z");
  private static final List<String> APPS = List.of("web", "db", "broker", "cache");

  private RandomClusters() {
  }

  /**
   * A cluster of {@code nodes} nodes named {@code node-0 .. node-(n-1)} in up to 12 units (some
   * declared units may hold no node), with up to two placed pods a node.
   */
  public static ClusterSnapshot cluster(RandomGenerator random, int nodes) {
    return ClusterSnapshot.builder().time(TIME).units(units(random, 1 + random.nextInt(12)))
        .nodes(nodes(random, nodes)).pods(pods(random, nodes)).build();
  }

  private static List<Node> nodes(RandomGenerator random, int count) {
    int units = 1 + random.nextInt(12);
    int platforms = 1 + random.nextInt(NODE_PLATFORMS.size());
    List<Node> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Platform platform = NODE_PLATFORMS.get(skewed(random, platforms));
      long cpu = random.nextInt(10) == 0 ? 0 : 1000L * (1 + random.nextInt(16));
      nodes.add(Node.builder("node-" + i, "unit-" + skewed(random, units))
          .region("region-" + random.nextInt(3))
          .platform(platform)
          .allocatable(new Resources(cpu, (1L + random.nextInt(32)) << 30, 0, 110))
          .build());
    }
    return nodes;
  }

  private static List<Unit> units(RandomGenerator random, int count) {
    List<Unit> units = new ArrayList<>();
    for (int u = 0; u < count; u++) {
      units.add(Unit.unlimited("unit-" + u, "region-" + random.nextInt(3)));
    }
    return units;
  }

  private static List<PlacedPod> pods(RandomGenerator random, int nodes) {
    int count = nodes == 0 ? 0 : random.nextInt(2 * nodes + 1);
    List<PlacedPod> pods = new ArrayList<>(count);
    for (int p = 0; p < count; p++) {
      String app = APPS.get(random.nextInt(APPS.size()));
      @Nullable OwnerRef owner = random.nextInt(4) == 0 ? null : owner(app);
      String namespace = random.nextInt(5) == 0 ? "other" : "default";
      pods.add(new PlacedPod(namespace, app + "-" + p, "node-" + random.nextInt(nodes), labels(random, app),
          owner, Resources.of(100, 1L << 27), 0, 0, List.of()));
    }
    return pods;
  }

  private static OwnerRef owner(String app) {
    return new OwnerRef("ReplicaSet", app + "-rs", "uid-" + app);
  }

  private static Map<String, String> labels(RandomGenerator random, String app) {
    Map<String, String> labels = new HashMap<>();
    labels.put("app", app);
    if (random.nextInt(3) == 0) {
      labels.put("tier", random.nextBoolean() ? "edge" : "core");
    }
    return labels;
  }

  /** A workload to place on {@code snapshot}: random images, platforms, allowed units, affinity and owner. */
  public static Workload workload(RandomGenerator random, ClusterSnapshot snapshot) {
    String app = APPS.get(random.nextInt(APPS.size()));
    Workload.Builder b = Workload.builder("default", app + "-new")
        .labels(labels(random, app))
        .owner(random.nextInt(3) == 0 ? null : owner(app))
        .containers(containers(random, "c", random.nextInt(4)))
        .initContainers(containers(random, "init", random.nextInt(3)));
    if (random.nextInt(3) == 0) {
      Set<String> allowed = new HashSet<>();
      int n = 1 + random.nextInt(3);
      for (int i = 0; i < n; i++) {
        allowed.add("unit-" + random.nextInt(Math.max(1, snapshot.unitCount() + 2)));
      }
      b.allowedUnits(allowed);
    }
    if (random.nextInt(4) == 0) {
      Set<String> archs = new HashSet<>();
      int n = 1 + random.nextInt(2);
      for (int i = 0; i < n; i++) {
        archs.add(NODE_PLATFORMS.get(random.nextInt(NODE_PLATFORMS.size())).architecture());
      }
      b.requiredArchitectures(archs);
    }
    return b.build();
  }

  private static List<Container> containers(RandomGenerator random, String prefix, int count) {
    List<Container> containers = new ArrayList<>();
    for (int c = 0; c < count; c++) {
      Set<Platform> platforms = new LinkedHashSet<>();
      if (random.nextInt(5) != 0) {
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          platforms.add(IMAGE_PLATFORMS.get(skewed(random, IMAGE_PLATFORMS.size())));
        }
      }
      containers.add(new Container(prefix + c, "registry.example/" + prefix + c + ":1", platforms,
          Resources.of(50, 1L << 26)));
    }
    return containers;
  }

  /** {@code snapshot} rebuilt from its nodes, units and pods in a random order: an equal cluster. */
  public static ClusterSnapshot shuffled(ClusterSnapshot snapshot, RandomGenerator random) {
    List<Node> nodes = new ArrayList<>(snapshot.nodes());
    List<Unit> units = new ArrayList<>(snapshot.units());
    List<PlacedPod> pods = new ArrayList<>(snapshot.pods());
    shuffle(nodes, random);
    shuffle(units, random);
    shuffle(pods, random);
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(snapshot.time()).units(units).nodes(nodes).pods(pods);
    snapshot.runtimeClassHandlers().forEach(b::runtimeClass);
    return b.build();
  }

  private static <T> void shuffle(List<T> list, RandomGenerator random) {
    for (int i = list.size() - 1; i > 0; i--) {
      Collections.swap(list, i, random.nextInt(i + 1));
    }
  }

  /* An index in [0, bound) favouring small ones: the first platforms and units are the common ones. */
  private static int skewed(RandomGenerator random, int bound) {
    return Math.min(random.nextInt(bound), random.nextInt(bound));
  }
}
