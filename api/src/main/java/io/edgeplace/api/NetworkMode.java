package io.edgeplace.api;

import java.util.Locale;

/** How a unit's uplink reaches the cloud, from {@code edgeplace.io/network-mode}. */
public enum NetworkMode {
  PUBLIC_VXLAN("public-vxlan"),
  PUBLIC_IPSEC("public-ipsec"),
  PRIVATE_VXLAN("private-vxlan"),
  HOST_NETWORK("host-network"),
  /** No {@code edgeplace.io/network-mode} was given. */
  UNKNOWN("unknown");

  private final String label;

  NetworkMode(String label) {
    this.label = label;
  }

  /** The annotation value, such as {@code public-vxlan}. */
  public String label() {
    return label;
  }

  /**
   * The mode named by an annotation value.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static NetworkMode fromLabel(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (NetworkMode mode : values()) {
      if (mode.label.equals(v)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("network mode \"" + value
        + "\" is not one of public-vxlan, public-ipsec, private-vxlan, host-network");
  }
}
