package io.edgeplace.samples.embedded;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import java.time.Duration;
import java.util.Set;

/**
 * The Java shown in this sample's README, line for line between the markers (a test checks that
 * they match, so the README shows code that compiles and runs).
 */
final class QuickStart {
  private QuickStart() {
  }

  static PlacementResult run() {
    // README:begin
    ClusterSnapshot snapshot = ClusterSnapshot.builder()
        .unit(new Unit("shop-12", "eu-central", 20_000_000L, Duration.ofMillis(35), NetworkMode.PUBLIC_IPSEC))
        .node(Node.builder("shop-12-arm64", "shop-12").platform(Platform.LINUX_ARM64).build())
        .node(Node.builder("shop-12-armhf", "shop-12").platform(Platform.LINUX_ARM_V7).build())
        .build();                       // or: SnapshotFiles.create().load(Path.of("cluster.yaml"))
    Workload workload = Workload.builder("factory", "sensor-gateway")
        .container(Container.of("gateway", "ghcr.io/acme/sensor-gateway:2.1", Set.of(Platform.LINUX_ARM64)))
        .build();                       // or: KubeAdapter.create().workload(fabric8Pod)

    PlacementEngine engine = DefaultPlugins.builder().build();      // once; thread-safe
    PlacementResult result = engine.explain(snapshot, workload);    // place(..) skips the notes
    result.best().ifPresent(best -> System.out.println("best: " + best.node()));
    result.rejections().forEach((node, why) -> System.out.println(node + ": " + why.message()));
    // README:end
    return result;
  }
}
