package io.edgeplace.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A node as placement sees it, converted once from the Kubernetes object.
 *
 * @param name            the node name, unique in a snapshot
 * @param unit            the unit (node pool, site) the node belongs to; see {@link Unit}
 * @param region          {@code topology.kubernetes.io/region}, or empty
 * @param platform        os/arch/variant; an {@code arm} node without a variant is {@code arm/v7}
 * @param allocatable     what pods may request in total
 * @param requested       what pods the snapshot does not list already request (usually zero; the
 *                        snapshot adds the requests of the pods it lists, see
 *                        {@link ClusterSnapshot#requested(int)})
 * @param runtimeHandlers container runtime handlers ({@code runc}, {@code kata}, {@code gvisor})
 *                        from {@code edgeplace.io/runtime-handlers}
 * @param images          images present on the node ({@code status.images}): every name and
 *                        digest reference it lists, mapped to its size in bytes
 * @param ready           the {@code Ready} condition is {@code True}
 * @param lastHeartbeat   {@code lastHeartbeatTime} of the {@code Ready} condition, null if unknown
 * @param labels          all node labels
 * @param annotations     node annotations (edgeplace reads a few, such as OpenYurt's autonomy)
 * @param taints          node taints
 * @param unschedulable   {@code spec.unschedulable} (cordoned)
 */
public record Node(
    String name,
    String unit,
    String region,
    Platform platform,
    Resources allocatable,
    Resources requested,
    Set<String> runtimeHandlers,
    Map<String, Long> images,
    boolean ready,
    @Nullable Instant lastHeartbeat,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<Taint> taints,
    boolean unschedulable) {

  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(requested, "requested");
    runtimeHandlers = Set.copyOf(runtimeHandlers);
    images = Map.copyOf(images);
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    taints = List.copyOf(taints);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("node name is empty");
    }
  }

  /** A builder with ready defaults: {@code linux/amd64}, no resources, ready, no heartbeat. */
  public static Builder builder(String name, String unit) {
    return new Builder(name, unit);
  }

  /** A builder holding this node's values, to change a few. */
  public Builder toBuilder() {
    Builder b = new Builder(name, unit);
    b.region = region;
    b.platform = platform;
    b.allocatable = allocatable;
    b.requested = requested;
    b.runtimeHandlers = runtimeHandlers;
    b.images = images;
    b.ready = ready;
    b.lastHeartbeat = lastHeartbeat;
    b.labels = labels;
    b.annotations = annotations;
    b.taints = taints;
    b.unschedulable = unschedulable;
    return b;
  }

  /** Builds a {@link Node}; every setter returns this builder. */
  public static final class Builder {
    private final String name;
    private final String unit;
    private String region = "";
    private Platform platform = Platform.LINUX_AMD64;
    private Resources allocatable = Resources.ZERO;
    private Resources requested = Resources.ZERO;
    private Set<String> runtimeHandlers = Set.of("runc");
    private Map<String, Long> images = Map.of();
    private boolean ready = true;
    private @Nullable Instant lastHeartbeat;
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private List<Taint> taints = List.of();
    private boolean unschedulable;

    private Builder(String name, String unit) {
      this.name = name;
      this.unit = unit;
    }

    public Builder region(String region) { this.region = region; return this; }
    public Builder platform(Platform platform) { this.platform = platform; return this; }
    public Builder allocatable(Resources allocatable) { this.allocatable = allocatable; return this; }
    public Builder requested(Resources requested) { this.requested = requested; return this; }
    public Builder runtimeHandlers(Set<String> handlers) { this.runtimeHandlers = handlers; return this; }
    public Builder images(Map<String, Long> images) { this.images = images; return this; }
    public Builder ready(boolean ready) { this.ready = ready; return this; }
    public Builder lastHeartbeat(@Nullable Instant lastHeartbeat) { this.lastHeartbeat = lastHeartbeat; return this; }
    public Builder labels(Map<String, String> labels) { this.labels = labels; return this; }
    public Builder annotations(Map<String, String> annotations) { this.annotations = annotations; return this; }
    public Builder taints(List<Taint> taints) { this.taints = taints; return this; }
    public Builder unschedulable(boolean unschedulable) { this.unschedulable = unschedulable; return this; }

    public Node build() {
      return new Node(name, unit, region, platform, allocatable, requested, runtimeHandlers, images, ready,
          lastHeartbeat, labels, annotations, taints, unschedulable);
    }
  }
}
