package io.edgeplace.core.store;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Seeded random cluster snapshots for store and topology tests. */
public final class TestSnapshots {
  private TestSnapshots() {
  }

  private static final Platform[] PLATFORMS = {Platform.LINUX_AMD64, Platform.LINUX_ARM64, Platform.LINUX_ARM_V7};

  /** A snapshot of {@code nodes} nodes in {@code nodes/20+1} units with {@code pods} pods, from {@code rnd}. */
  public static ClusterSnapshot random(RandomGenerator rnd, int nodes, int pods) {
    Instant time = Instant.ofEpochSecond(1_700_000_000L + rnd.nextInt(1_000_000), rnd.nextInt(1_000_000_000));
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(time);
    int units = nodes / 20 + 1;
    for (int u = 0; u < units; u++) {
      if (rnd.nextBoolean()) {
        b.unit(new Unit("unit-" + u, "region-" + (u % 3), 1_000_000L * (1 + rnd.nextInt(1000)),
            Duration.ofMillis(rnd.nextInt(200)), NetworkMode.values()[rnd.nextInt(NetworkMode.values().length)]));
      }
    }
    String[] nodeNames = new String[nodes];
    for (int i = 0; i < nodes; i++) {
      String name = "node-" + i;
      nodeNames[i] = name;
      int u = rnd.nextInt(units);
      Map<String, String> labels = new HashMap<>();
      labels.put("kubernetes.io/hostname", name);
      labels.put("edgeplace.io/unit", "unit-" + u);
      labels.put("topology.kubernetes.io/region", "region-" + (u % 3));
      Map<String, Long> images = new HashMap<>();
      for (int k = rnd.nextInt(4); k > 0; k--) {
        images.put("registry.example/app-" + rnd.nextInt(20) + ":1." + rnd.nextInt(3), 1L + rnd.nextInt(500_000_000));
      }
      b.node(Node.builder(name, "unit-" + u)
          .region("region-" + (u % 3))
          .platform(PLATFORMS[rnd.nextInt(PLATFORMS.length)])
          .allocatable(new Resources(4000 + rnd.nextInt(4000), (8L << 30) + rnd.nextInt(1 << 30), 100L << 30, 110))
          .runtimeHandlers(rnd.nextInt(4) == 0 ? Set.of("runc", "kata") : Set.of("runc"))
          .images(images)
          .ready(rnd.nextInt(10) != 0)
          .lastHeartbeat(rnd.nextBoolean() ? time.minusSeconds(rnd.nextInt(60)) : null)
          .labels(labels)
          .annotations(rnd.nextInt(5) == 0 ? Map.of("node.alpha.kubernetes.io/ttl", "0") : Map.of())
          .taints(rnd.nextInt(8) == 0 ? List.of(new Taint("edge", "", TaintEffect.NO_SCHEDULE)) : List.of())
          .unschedulable(rnd.nextInt(20) == 0)
          .build());
    }
    b.runtimeClass("kata", "kata").runtimeClass("gvisor", "runsc");
    for (int i = 0; i < pods; i++) {
      int app = rnd.nextInt(Math.max(1, pods / 10));
      OwnerRef owner = rnd.nextInt(10) == 0 ? null : new OwnerRef("ReplicaSet", "app-" + app + "-5d8f", "uid-" + app);
      List<TrafficPeer> peers = rnd.nextInt(5) == 0
          ? List.of(new TrafficPeer(LabelSelector.of("app", "app-" + rnd.nextInt(Math.max(1, pods / 10))),
              1_000_000L * rnd.nextInt(50)))
          : List.of();
      b.pod(new PlacedPod("ns-" + (app % 7), "app-" + app + "-" + i,
          nodes == 0 ? "nowhere" : nodeNames[rnd.nextInt(nodes)],
          Map.of("app", "app-" + app, "pod-template-hash", "5d8f"), owner,
          new Resources(100 + rnd.nextInt(900), (64L << 20) * (1 + rnd.nextInt(8)), 0, 0),
          rnd.nextInt(4) == 0 ? 1_000_000L * rnd.nextInt(100) : 0, rnd.nextInt(4) == 0 ? 1_000_000L * rnd.nextInt(100) : 0,
          peers));
    }
    return b.build();
  }
}
