package io.edgeplace.api;

import java.util.List;

/**
 * The label and annotation keys edgeplace reads, as documented in the README. One place, so that
 * adapters, plugins, the simulator and the docs cannot drift apart.
 */
public final class WellKnownKeys {
  private WellKnownKeys() {
  }

  public static final String PREFIX = "edgeplace.io/";

  // ---- node labels ----
  /** Node label: the unit (node pool, site) the node belongs to; first in the default chain. */
  public static final String UNIT = "edgeplace.io/unit";
  /** Node label set by OpenYurt on the nodes of a NodePool. */
  public static final String OPENYURT_NODEPOOL = "apps.openyurt.io/nodepool";
  /** Node label set by KubeEdge on the nodes of a node group. */
  public static final String KUBEEDGE_BELONGING_TO = "apps.kubeedge.io/belonging-to";
  public static final String TOPOLOGY_ZONE = "topology.kubernetes.io/zone";
  public static final String TOPOLOGY_REGION = "topology.kubernetes.io/region";
  /** The default unit label chain: the first label present names the node's unit. */
  public static final List<String> DEFAULT_UNIT_LABELS =
      List.of(UNIT, OPENYURT_NODEPOOL, KUBEEDGE_BELONGING_TO, TOPOLOGY_ZONE);
  public static final String ARCH = "kubernetes.io/arch";
  public static final String OS = "kubernetes.io/os";
  /** Node label: the arm variant ({@code v6}, {@code v7}, {@code v8}); an arm node without it is v7. */
  public static final String ARCH_VARIANT = "edgeplace.io/arch-variant";

  // ---- node (or NodePool) annotations ----
  /** Uplink capacity of the node's unit, bits/s as a Kubernetes quantity ({@code 100M}). */
  public static final String UPLINK_BANDWIDTH = "edgeplace.io/uplink-bandwidth";
  /** Uplink latency of the node's unit ({@code 40ms}). */
  public static final String UPLINK_LATENCY = "edgeplace.io/uplink-latency";
  /** {@code public-vxlan}, {@code public-ipsec}, {@code private-vxlan} or {@code host-network}. */
  public static final String NETWORK_MODE = "edgeplace.io/network-mode";
  /** Runtime handlers the node offers, comma-separated ({@code runc,kata,gvisor}). */
  public static final String RUNTIME_HANDLERS = "edgeplace.io/runtime-handlers";
  /** OpenYurt: how long the node's pods survive a lost uplink; reported in explanations. */
  public static final String OPENYURT_AUTONOMY_DURATION = "node.openyurt.io/autonomy-duration";

  // ---- pod annotations ----
  public static final String INGRESS_BANDWIDTH = "kubernetes.io/ingress-bandwidth";
  public static final String EGRESS_BANDWIDTH = "kubernetes.io/egress-bandwidth";
  /** The platforms of the pod's images, overriding the registry ({@code linux/arm64,linux/arm/v7}). */
  public static final String PLATFORMS = "edgeplace.io/platforms";
  /** Traffic peers: {@code app=broker:20M,app=db:5M} (label selector : bandwidth). */
  public static final String TRAFFIC_PEERS = "edgeplace.io/traffic-peers";
  /** Units the pod may run in, comma-separated ({@code hz-1,hz-2}). */
  public static final String ALLOWED_UNITS = "edgeplace.io/allowed-units";
  /** The scheduling gate of the placement-gate controller sample. */
  public static final String PLACEMENT_GATE = "edgeplace.io/placement";
}
