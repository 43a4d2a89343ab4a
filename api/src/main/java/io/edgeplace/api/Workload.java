package io.edgeplace.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A pod to be placed, converted once from the Kubernetes object (or built by an embedder).
 *
 * @param namespace             the pod namespace
 * @param name                  the pod name
 * @param labels                pod labels
 * @param annotations           pod annotations
 * @param containers            app containers, with the platforms of their images
 * @param initContainers        init containers, with the platforms of their images
 * @param requests              effective requests: the larger of the containers' sum and the
 *                              largest init container, per resource, as kube-scheduler computes it
 * @param ingressBitsPerSecond  {@code kubernetes.io/ingress-bandwidth}, 0 if absent
 * @param egressBitsPerSecond   {@code kubernetes.io/egress-bandwidth}, 0 if absent
 * @param trafficPeers          {@code edgeplace.io/traffic-peers}
 * @param runtimeClassName      {@code spec.runtimeClassName}, or null
 * @param allowedUnits          units the pod may run in; empty means any unit
 * @param requiredArchitectures architectures a required node affinity on {@code kubernetes.io/arch}
 *                              allows; empty means no such constraint
 * @param nodeSelector          {@code spec.nodeSelector}
 * @param tolerations           pod tolerations
 * @param owner                 its controller, or null
 */
public record Workload(
    String namespace,
    String name,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<Container> containers,
    List<Container> initContainers,
    Resources requests,
    long ingressBitsPerSecond,
    long egressBitsPerSecond,
    List<TrafficPeer> trafficPeers,
    @Nullable String runtimeClassName,
    Set<String> allowedUnits,
    Set<String> requiredArchitectures,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    @Nullable OwnerRef owner) {

  public Workload {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requests, "requests");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
    trafficPeers = List.copyOf(trafficPeers);
    allowedUnits = Set.copyOf(allowedUnits);
    requiredArchitectures = Set.copyOf(requiredArchitectures);
    nodeSelector = Map.copyOf(nodeSelector);
    tolerations = List.copyOf(tolerations);
    if (ingressBitsPerSecond < 0 || egressBitsPerSecond < 0) {
      throw new IllegalArgumentException("workload " + namespace + "/" + name + " has negative bandwidth: ingress="
          + ingressBitsPerSecond + " egress=" + egressBitsPerSecond);
    }
  }

  /** {@code namespace/name}. */
  public String key() {
    return namespace + "/" + name;
  }

  /** Init containers first, then app containers: every image the pod pulls. */
  public List<Container> allContainers() {
    List<Container> all = new ArrayList<>(initContainers.size() + containers.size());
    all.addAll(initContainers);
    all.addAll(containers);
    return all;
  }

  /** Every distinct image reference, init containers first. */
  public Set<String> images() {
    Set<String> images = new LinkedHashSet<>();
    for (Container c : allContainers()) {
      images.add(c.image());
    }
    return images;
  }

  public static Builder builder(String namespace, String name) {
    return new Builder(namespace, name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(namespace, name);
    b.labels = labels;
    b.annotations = annotations;
    b.containers = containers;
    b.initContainers = initContainers;
    b.requests = requests;
    b.ingress = ingressBitsPerSecond;
    b.egress = egressBitsPerSecond;
    b.trafficPeers = trafficPeers;
    b.runtimeClassName = runtimeClassName;
    b.allowedUnits = allowedUnits;
    b.requiredArchitectures = requiredArchitectures;
    b.nodeSelector = nodeSelector;
    b.tolerations = tolerations;
    b.owner = owner;
    return b;
  }

  /**
   * Builds a {@link Workload}. When {@link #requests} is not set, the effective requests are
   * computed from the containers as kube-scheduler does.
   */
  public static final class Builder {
    private final String namespace;
    private final String name;
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private List<Container> containers = List.of();
    private List<Container> initContainers = List.of();
    private @Nullable Resources requests;
    private long ingress;
    private long egress;
    private List<TrafficPeer> trafficPeers = List.of();
    private @Nullable String runtimeClassName;
    private Set<String> allowedUnits = Set.of();
    private Set<String> requiredArchitectures = Set.of();
    private Map<String, String> nodeSelector = Map.of();
    private List<Toleration> tolerations = List.of();
    private @Nullable OwnerRef owner;

    private Builder(String namespace, String name) {
      this.namespace = namespace;
      this.name = name;
    }

    public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
    public Builder annotations(Map<String, String> annotations) { this.annotations = annotations; return this; }
    public Builder containers(List<Container> containers) { this.containers = containers; return this; }
    public Builder container(Container container) {
      List<Container> list = new ArrayList<>(containers);
      list.add(container);
      this.containers = list;
      return this;
    }
    public Builder initContainers(List<Container> initContainers) { this.initContainers = initContainers; return this; }
    public Builder requests(Resources requests) { this.requests = requests; return this; }
    public Builder ingressBitsPerSecond(long bps) { this.ingress = bps; return this; }
    public Builder egressBitsPerSecond(long bps) { this.egress = bps; return this; }
    public Builder trafficPeers(List<TrafficPeer> peers) { this.trafficPeers = peers; return this; }
    public Builder runtimeClassName(@Nullable String runtimeClassName) { this.runtimeClassName = runtimeClassName; return this; }
    public Builder allowedUnits(Set<String> units) { this.allowedUnits = units; return this; }
    public Builder requiredArchitectures(Set<String> archs) { this.requiredArchitectures = archs; return this; }
    public Builder nodeSelector(Map<String, String> nodeSelector) { this.nodeSelector = nodeSelector; return this; }
    public Builder tolerations(List<Toleration> tolerations) { this.tolerations = tolerations; return this; }
    public Builder owner(@Nullable OwnerRef owner) { this.owner = owner; return this; }

    public Workload build() {
      Resources effective = requests != null ? requests : effectiveRequests(containers, initContainers);
      return new Workload(namespace, name, labels, annotations, containers, initContainers, effective, ingress,
          egress, trafficPeers, runtimeClassName, allowedUnits, requiredArchitectures, nodeSelector, tolerations,
          owner);
    }

    private static Resources effectiveRequests(List<Container> containers, List<Container> initContainers) {
      Resources sum = Resources.ZERO;
      for (Container c : containers) {
        sum = sum.plus(c.requests());
      }
      long cpu = sum.milliCpu();
      long mem = sum.memoryBytes();
      long eph = sum.ephemeralStorageBytes();
      for (Container c : initContainers) {
        cpu = Math.max(cpu, c.requests().milliCpu());
        mem = Math.max(mem, c.requests().memoryBytes());
        eph = Math.max(eph, c.requests().ephemeralStorageBytes());
      }
      return new Resources(cpu, mem, eph, 1);
    }
  }
}
