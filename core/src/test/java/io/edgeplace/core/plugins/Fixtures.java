package io.edgeplace.core.plugins;

import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small builders for plugin tests. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  static final long MBIT = 1_000_000L;

  private Fixtures() {
  }

  static Node node(String name, String unit) {
    return Node.builder(name, unit).lastHeartbeat(NOW.minusSeconds(5)).build();
  }

  static Node node(String name, String unit, String region) {
    return Node.builder(name, unit).region(region).lastHeartbeat(NOW.minusSeconds(5)).build();
  }

  static Node heartbeat(String name, String unit, long secondsAgo, boolean ready) {
    return Node.builder(name, unit).ready(ready).lastHeartbeat(NOW.minusSeconds(secondsAgo)).build();
  }

  static Unit unit(String name, long mbit) {
    return new Unit(name, "", mbit * MBIT, Duration.ZERO, NetworkMode.UNKNOWN);
  }

  static Unit unit(String name, String region, long mbit, long latencyMillis) {
    return new Unit(name, region, mbit == 0 ? Unit.UNLIMITED : mbit * MBIT, Duration.ofMillis(latencyMillis),
        NetworkMode.UNKNOWN);
  }

  static Workload pod(String name) {
    return Workload.builder("default", name).build();
  }

  static Workload pod(String name, long ingressMbit, long egressMbit) {
    return Workload.builder("default", name).ingressBitsPerSecond(ingressMbit * MBIT)
        .egressBitsPerSecond(egressMbit * MBIT).build();
  }

  static PlacedPod placed(String name, String node, long ingressMbit, long egressMbit) {
    return new PlacedPod("default", name, node, Map.of(), null, Resources.ZERO, ingressMbit * MBIT,
        egressMbit * MBIT, List.of());
  }

  static PlacedPod labelled(String name, String node, String app) {
    return new PlacedPod("default", name, node, Map.of("app", app), null, Resources.ZERO, 0, 0, List.of());
  }

  static TrafficPeer peer(String app, long mbit) {
    return new TrafficPeer(LabelSelector.of("app", app), mbit * MBIT);
  }
}
