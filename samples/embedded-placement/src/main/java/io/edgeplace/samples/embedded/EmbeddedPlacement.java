package io.edgeplace.samples.embedded;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.kube.InvalidValueException;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.kube.SnapshotFileException;
import io.edgeplace.core.kube.SnapshotFiles;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded-placement sample: ranks a workload on an edge cluster with the placement engine
 * and prints, per node and per plugin, why.
 *
 * <ul>
 *   <li>No arguments: the cluster ({@link #cluster()}) and the workload ({@link #workload()}) are
 *       built in code with the api builders.</li>
 *   <li>{@code SNAPSHOT POD}: the cluster is read from a snapshot file (the output of
 *       {@code kubectl get nodes,pods -A -o yaml}) and every pod of the manifest file {@code POD}
 *       is ranked on it. Heartbeat ages are measured from the newest heartbeat in the file, the
 *       moment it was taken.</li>
 * </ul>
 *
 * <p>Exit status: 0 when it printed a ranking, 2 for wrong arguments or a file it cannot use.
 */
public final class EmbeddedPlacement {

  static final String USAGE = "usage: EmbeddedPlacement [SNAPSHOT.yaml POD.yaml]";

  private EmbeddedPlacement() {
  }

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (UsageException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  /** The program, printing to {@code out}; throws {@link UsageException} for arguments or files it cannot use. */
  static void run(String[] args, PrintStream out) {
    if (args.length == 0) {
      out.print(ExplanationTable.format(rank(cluster(), workload())));
      return;
    }
    if (args.length != 2) {
      throw new UsageException(USAGE + "\n(got " + args.length + " arguments; give none, or a snapshot and a pod file)");
    }
    ClusterSnapshot snapshot = load(Path.of(args[0]));
    for (Workload workload : workloads(Path.of(args[1]))) {
      out.print(ExplanationTable.format(rank(snapshot, workload)));
      out.println();
    }
  }

  /** An engine with the built-in plugins: built once and shared, it is immutable and thread-safe. */
  private static final PlacementEngine ENGINE = DefaultPlugins.builder().build();

  /** What an embedding controller does: ask the engine, here to explain ({@code place} is the same without notes). */
  static PlacementResult rank(ClusterSnapshot snapshot, Workload workload) {
    return ENGINE.explain(snapshot, workload);
  }

  // ---- the cluster and the workload, in code ----

  /** The instant the in-code cluster describes. */
  static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  /**
   * Two units: {@code factory} (1 Gbit/s uplink; an amd64 and an arm64 node) and {@code shop-12}
   * (20 Mbit/s; an arm64 and an armhf node), with one replica of the workload already running in
   * {@code shop-12}.
   */
  static ClusterSnapshot cluster() {
    return ClusterSnapshot.builder()
        .time(NOW)
        .unit(new Unit("factory", "eu-central", 1_000_000_000L, Duration.ofMillis(5), NetworkMode.PRIVATE_VXLAN))
        .unit(new Unit("shop-12", "eu-central", 20_000_000L, Duration.ofMillis(35), NetworkMode.PUBLIC_IPSEC))
        .node(node("factory-x86-1", "factory", Platform.LINUX_AMD64, 16))
        .node(node("factory-arm64-1", "factory", Platform.LINUX_ARM64, 8))
        .node(node("shop-12-arm64", "shop-12", Platform.LINUX_ARM64, 4))
        .node(node("shop-12-armhf", "shop-12", Platform.LINUX_ARM_V7, 1))
        .pod(PlacedPod.of(replica("sensor-gateway-7d9f-a1b2c"), "shop-12-arm64"))
        .build();
  }

  /** A replica of the sensor gateway, whose image is published for {@code linux/arm64} only. */
  static Workload workload() {
    return replica("sensor-gateway-7d9f-x2q4p");
  }

  private static Workload replica(String name) {
    return Workload.builder("factory", name)
        .labels(Map.of("app", "sensor-gateway"))
        .owner(new OwnerRef("ReplicaSet", "sensor-gateway-7d9f", "0b7c5e9a-5d1e-4f0a-9c3b-1f2e3d4c5b6a"))
        .container(new Container("gateway", "ghcr.io/acme/sensor-gateway:2.1", Set.of(Platform.LINUX_ARM64),
            Resources.of(500, 256L << 20)))
        .build();
  }

  private static Node node(String name, String unit, Platform platform, int cpus) {
    return Node.builder(name, unit)
        .region("eu-central")
        .platform(platform)
        .allocatable(new Resources(cpus * 1000L, cpus * (2L << 30), 100L << 30, 110))
        .lastHeartbeat(NOW.minusSeconds(10))
        .build();
  }

  // ---- the cluster and the workloads, from files ----

  /** The snapshot in {@code file}, at the time of its newest heartbeat. */
  static ClusterSnapshot load(Path file) {
    ClusterSnapshot snapshot;
    try {
      snapshot = SnapshotFiles.create().load(file, Instant.EPOCH);
    } catch (SnapshotFileException e) {
      throw new UsageException(e.getMessage());
    }
    Instant newest = Instant.EPOCH;
    for (Node n : snapshot.nodes()) {
      if (n.lastHeartbeat() != null && n.lastHeartbeat().isAfter(newest)) {
        newest = n.lastHeartbeat();
      }
    }
    return snapshot.withTime(newest);
  }

  /** Every pod of the manifest {@code file}, as workloads. */
  static List<Workload> workloads(Path file) {
    List<Pod> pods;
    try {
      pods = SnapshotFiles.create().readObjects(file).pods();
    } catch (SnapshotFileException e) {
      throw new UsageException(e.getMessage());
    }
    if (pods.isEmpty()) {
      throw new UsageException("pod file " + file + " holds no Pod; Maybe it holds a Deployment? "
          + "Give a Pod manifest, such as samples/deploy/pods/arm-only-pod.yaml");
    }
    List<Workload> workloads = new ArrayList<>(pods.size());
    for (Pod pod : pods) {
      try {
        workloads.add(KubeAdapter.create().workload(pod));
      } catch (InvalidValueException e) {
        throw new UsageException("cannot use pod file " + file + ": " + e.getMessage());
      }
    }
    return workloads;
  }

  /** Arguments or files the program cannot use; the message says why. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
