package io.edgeplace.core.kube;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Converts fabric8 Kubernetes objects into the api records, once, at the edge: per object
 * ({@link #node}, {@link #workload}, {@link #placedPod}, {@link #runtimeClass}, {@link #units})
 * for a live topology that keeps its own state, or a whole {@link ClusterSnapshot} at once
 * ({@link #snapshot}).
 *
 * <p>The conventions are those of ARCHITECTURE.md:
 * <ul>
 *   <li>A node's unit is the first label of {@link AdapterConfig#unitLabels()} it carries, else
 *       {@link AdapterConfig#defaultUnit()}; its region is {@code topology.kubernetes.io/region}.</li>
 *   <li>Its platform is {@code kubernetes.io/os}/{@code kubernetes.io/arch} (falling back to the
 *       beta labels, then {@code status.nodeInfo}), with {@code edgeplace.io/arch-variant} for
 *       arm; an {@code arm} node without a variant is {@code arm/v7}.</li>
 *   <li>Allocatable is {@code status.allocatable} (or {@code status.capacity} when absent).
 *       Runtime handlers come from {@code edgeplace.io/runtime-handlers}, else
 *       {@code status.runtimeHandlers}, else {@code runc}.</li>
 *   <li>A unit's uplink comes from its nodes' {@code edgeplace.io/uplink-bandwidth},
 *       {@code uplink-latency} and {@code network-mode}; when nodes disagree the most
 *       conservative value wins (smallest bandwidth, largest latency) and a warning names the
 *       nodes. The same annotations on an OpenYurt NodePool of the unit's name take precedence.</li>
 *   <li>A pod's allowed units are the intersection of {@code edgeplace.io/allowed-units} and of
 *       a required node affinity with {@code In} on the unit label keys; its required
 *       architectures come from a required node affinity on {@code kubernetes.io/arch} (only when
 *       every term constrains it, so it is never widened) and from
 *       {@code spec.nodeSelector["kubernetes.io/arch"]}.</li>
 * </ul>
 *
 * <p>Malformed values throw {@link InvalidValueException} naming object, field and value, or,
 * with {@link AdapterConfig.InvalidValues#IGNORE}, are logged and treated as absent. A missing
 * name always throws. Instances are immutable and thread-safe.
 */
public final class KubeAdapter {

  private static final KubeAdapter DEFAULT = new KubeAdapter(AdapterConfig.DEFAULT);

  private final AdapterConfig config;

  private KubeAdapter(AdapterConfig config) {
    this.config = config;
  }

  /** An adapter with {@link AdapterConfig#DEFAULT}. */
  public static KubeAdapter create() {
    return DEFAULT;
  }

  public static KubeAdapter create(AdapterConfig config) {
    return new KubeAdapter(Objects.requireNonNull(config, "config"));
  }

  public AdapterConfig config() {
    return config;
  }

  /** The node as placement sees it. */
  public Node node(io.fabric8.kubernetes.api.model.Node node) {
    return NodeConversion.convert(node, config);
  }

  /** A pod to place (its {@code spec.nodeName}, if any, is ignored). */
  public Workload workload(Pod pod) {
    return PodConversion.workload(pod, config);
  }

  /**
   * The pod as it occupies its node, or empty when it is not bound ({@code spec.nodeName} empty)
   * or has terminated (phase {@code Succeeded} or {@code Failed}). Only what a placed pod
   * contributes is read: requests, bandwidth, traffic peers, labels and owner.
   */
  public Optional<PlacedPod> placedPod(Pod pod) {
    return Optional.ofNullable(PodConversion.placed(pod, config));
  }

  /** A RuntimeClass as (name, handler); a missing handler is an error naming the object. */
  public RuntimeClassHandler runtimeClass(RuntimeClass runtimeClass) {
    String name = Context.name(runtimeClass.getMetadata());
    if (name.isEmpty()) {
      throw new InvalidValueException("", "is missing or empty; every RuntimeClass needs a name")
          .at("RuntimeClass", "metadata.name");
    }
    String handler = runtimeClass.getHandler();
    if (handler == null || handler.isEmpty()) {
      throw new InvalidValueException("", "is missing or empty; a RuntimeClass names the handler pods of "
          + "its class need, such as kata").at("RuntimeClass " + name, "handler");
    }
    return new RuntimeClassHandler(name, handler);
  }

  /**
   * The units of {@code nodes} (already converted) and of OpenYurt {@code nodePools}
   * ({@code apps.openyurt.io} NodePool objects; a pool without nodes is still a unit), sorted by
   * name.
   */
  public List<Unit> units(Collection<Node> nodes, Collection<GenericKubernetesResource> nodePools) {
    return UnitAssembly.units(nodes, nodePools, config);
  }

  /**
   * A whole snapshot at {@code time}: every node, the units they and the NodePools describe, the
   * bound and running pods, and the runtime classes. Pods that are not bound are left out.
   */
  public ClusterSnapshot snapshot(Collection<io.fabric8.kubernetes.api.model.Node> nodes, Collection<Pod> pods,
                                  Collection<RuntimeClass> runtimeClasses,
                                  Collection<GenericKubernetesResource> nodePools, Instant time) {
    Objects.requireNonNull(time, "time");
    List<Node> converted = new ArrayList<>(nodes.size());
    for (io.fabric8.kubernetes.api.model.Node n : nodes) {
      converted.add(node(n));
    }
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(time).nodes(converted)
        .units(units(converted, nodePools));
    for (Pod p : pods) {
      PlacedPod placed = PodConversion.placed(p, config);
      if (placed != null) {
        b.pod(placed);
      }
    }
    for (RuntimeClass rc : runtimeClasses) {
      RuntimeClassHandler h = runtimeClass(rc);
      b.runtimeClass(h.name(), h.handler());
    }
    return b.build();
  }

  /** The namespace of the kubelets' node Leases. */
  public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

  /**
   * The node and renewal time of a kubelet's node Lease (in {@value #NODE_LEASE_NAMESPACE}, named
   * after its node), or empty for any other Lease or one never renewed.
   */
  public static Optional<NodeLease> nodeLease(Lease lease) {
    ObjectMeta meta = lease.getMetadata();
    if (meta == null || meta.getName() == null || !NODE_LEASE_NAMESPACE.equals(meta.getNamespace())
        || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
      return Optional.empty();
    }
    return Optional.of(new NodeLease(meta.getName(), lease.getSpec().getRenewTime().toInstant()));
  }

  /** A kubelet's node Lease: node {@code node} was last heard of at {@code renewed}. */
  public record NodeLease(String node, Instant renewed) {
    public NodeLease {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(renewed, "renewed");
    }

    /** Records this renewal in {@code newestByNode} unless a newer one of the node is there. */
    public void keepNewest(Map<String, Instant> newestByNode) {
      newestByNode.merge(node, renewed, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  /**
   * {@code node} with {@code renewed} as its heartbeat when that is newer than its own (the
   * {@code Ready} condition's), as kube-controller-manager reads a node's health: with node
   * Leases the kubelet renews the Lease every 10 s but rewrites the condition only every 5
   * minutes when nothing changes.
   */
  public static Node withLeaseRenewal(Node node, @Nullable Instant renewed) {
    Instant heartbeat = node.lastHeartbeat();
    return renewed != null && (heartbeat == null || renewed.isAfter(heartbeat))
        ? node.toBuilder().lastHeartbeat(renewed).build() : node;
  }

  /** A RuntimeClass: pods of class {@code name} need nodes offering runtime handler {@code handler}. */
  public record RuntimeClassHandler(String name, String handler) {
    public RuntimeClassHandler {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(handler, "handler");
    }
  }
}
