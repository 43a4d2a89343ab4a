package io.edgeplace.api;

import java.util.Objects;

/**
 * A pod a workload talks to, from {@code edgeplace.io/traffic-peers: "app=broker:20M"}: the
 * peers are the placed pods that {@code selector} matches, and {@code bitsPerSecond} is the
 * declared traffic with them, in both directions together.
 */
public record TrafficPeer(LabelSelector selector, long bitsPerSecond) {
  public TrafficPeer {
    Objects.requireNonNull(selector, "selector");
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("traffic peer " + selector + " has negative bandwidth " + bitsPerSecond);
    }
  }
}
