package io.edgeplace.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A group of nodes behind one uplink: an OpenYurt NodePool, a KubeEdge node group, a site.
 *
 * @param name                the unit name (the value of the unit label)
 * @param region              {@code topology.kubernetes.io/region} of its nodes, or empty
 * @param uplinkBitsPerSecond uplink capacity in bits/s from {@code edgeplace.io/uplink-bandwidth},
 *                            or {@link #UNLIMITED} when none is declared
 * @param uplinkLatency       one-way uplink latency from {@code edgeplace.io/uplink-latency},
 *                            {@link Duration#ZERO} when unknown
 * @param networkMode         from {@code edgeplace.io/network-mode}
 */
public record Unit(String name, String region, long uplinkBitsPerSecond, Duration uplinkLatency,
                   NetworkMode networkMode) {

  /** The uplink capacity of a unit that declares none. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  public Unit {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(uplinkLatency, "uplinkLatency");
    Objects.requireNonNull(networkMode, "networkMode");
    if (uplinkBitsPerSecond <= 0) {
      throw new IllegalArgumentException("unit \"" + name + "\" has uplink bandwidth " + uplinkBitsPerSecond
          + " bit/s; it must be positive, or Unit.UNLIMITED when unknown");
    }
    if (uplinkLatency.isNegative()) {
      throw new IllegalArgumentException("unit \"" + name + "\" has negative uplink latency " + uplinkLatency);
    }
  }

  /** A unit with no declared uplink: unlimited bandwidth, unknown latency and mode. */
  public static Unit unlimited(String name, String region) {
    return new Unit(name, region, UNLIMITED, Duration.ZERO, NetworkMode.UNKNOWN);
  }

  public boolean hasUplinkLimit() {
    return uplinkBitsPerSecond != UNLIMITED;
  }
}
