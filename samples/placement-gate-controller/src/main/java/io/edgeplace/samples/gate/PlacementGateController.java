package io.edgeplace.samples.gate;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.Subscription;
import io.edgeplace.api.topology.TopologySource;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.kube.InvalidValueException;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.reservation.UplinkDemand;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSchedulingGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases pods held by the scheduling gate {@value WellKnownKeys#PLACEMENT_GATE} once it has
 * written where they may run, so that any scheduler, the default one too, places them correctly.
 *
 * <p>For each unbound pod carrying the gate it runs the placement engine's filters on the current
 * {@link TopologySource} snapshot (image architectures from the pod's {@code edgeplace.io/platforms}
 * annotation or the {@link ImagePlatformResolver}, allowed units, unit connectivity and uplink
 * bandwidth where those plugins are in the engine), writes the feasible nodes as a required node
 * affinity ({@link GateAffinity}: narrowing only, as Kubernetes demands of a gated pod) and removes
 * its own gate, in one optimistic-locked update. Other gates are left alone.
 *
 * <p>A pod that puts traffic on an uplink (its {@code kubernetes.io/ingress-bandwidth} or
 * {@code egress-bandwidth}, or {@code edgeplace.io/traffic-peers} in other units) is kept to one
 * unit, that of the engine's best-ranked node, and its bandwidth there is reserved until the
 * topology shows it bound (or {@link Builder#reservationTtl} passes): no scheduler checks uplink
 * bandwidth, so two such pods released together must not both be let into an uplink that holds
 * one.
 *
 * <p>A pod waits, gated, and is tried again when: no node is feasible or the topology is not
 * known yet (again at the next topology change), an image's platforms are not known yet (again
 * after a back-off, the resolver fetching meanwhile), or the update fails (again after a back-off
 * doubling from {@link Builder#retryBackoff} up to 32 times it; after a conflict, with the newer
 * pod). An API server outage therefore loses nothing: the informer keeps its pods,
 * the controller keeps its waiting list, and writes resume when the server answers.
 *
 * <p>All decisions and writes run on one thread ({@link Builder#executor}), one pod at a time.
 */
public final class PlacementGateController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementGateController.class);

  private final KubernetesClient client;
  private final TopologySource topology;
  private final ImagePlatformResolver resolver;
  private final PlacementEngine engine;
  private final BandwidthReservations reservations;
  private final KubeAdapter adapter;
  private final ScheduledExecutorService executor;
  private final boolean ownsExecutor;
  private final Duration retryBackoff;
  private final Duration reservationTtl;

  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final Map<String, String> waiting = new ConcurrentHashMap<>();
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final AtomicLong released = new AtomicLong();
  private final AtomicLong failedWrites = new AtomicLong();
  private @Nullable SharedIndexInformer<Pod> informer;
  private @Nullable Subscription subscription;
  private volatile boolean closed;

  private PlacementGateController(Builder b) {
    this.client = b.client;
    this.topology = b.topology;
    this.resolver = b.resolver;
    this.reservations = BandwidthReservations.create(InstantSource.system(), b.reservationTtl);
    this.engine = b.engine != null ? b.engine : DefaultPlugins.builder(b.resolver, reservations).build();
    this.adapter = b.adapter;
    this.ownsExecutor = b.executor == null;
    this.executor = b.executor != null ? b.executor : Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "edgeplace-placement-gate");
      t.setDaemon(true);
      return t;
    });
    this.retryBackoff = b.retryBackoff;
    this.reservationTtl = b.reservationTtl;
  }

  /** A builder for a controller writing through {@code client} and deciding on {@code topology}. */
  public static Builder builder(KubernetesClient client, TopologySource topology) {
    return new Builder(client, topology);
  }

  /**
   * Starts watching unbound pods (retrying for ever while the API server is unreachable) and the
   * topology; returns at once.
   */
  public synchronized PlacementGateController start() {
    if (informer != null || closed) {
      return this;
    }
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().withField("spec.nodeName", "").runnableInformer(0);
    pods.exceptionHandler((started, t) -> {
      LOG.debug("pod informer: {}; retrying", t.toString());
      return true;
    });
    pods.addEventHandler(new ResourceEventHandler<Pod>() {
      @Override
      public void onAdd(Pod pod) {
        onPod(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        onPod(newPod);
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        String key = key(pod);
        waiting.remove(key);
        failures.remove(key);
        if (pod.getSpec() == null || pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
          // deleted before it was bound (a bound pod leaves this watch too: its reservation stays
          // until the topology shows it on its node)
          if (reservations.release(pod.getMetadata().getNamespace(), pod.getMetadata().getName())) {
            retryWaiting(); // its bandwidth is free again
          }
        }
      }
    });
    informer = pods;
    pods.start();
    // a new topology may make waiting pods placeable
    subscription = topology.subscribe(view -> retryWaiting());
    LOG.info("watching unbound pods with the scheduling gate {}", WellKnownKeys.PLACEMENT_GATE);
    return this;
  }

  /** What the controller has done so far, and which pods wait and why. */
  public Status status() {
    return new Status(released.get(), failedWrites.get(), queued.size(), new TreeMap<>(waiting));
  }

  /**
   * @param released     pods whose gate this controller removed
   * @param failedWrites updates that failed (and were retried)
   * @param queued       pods queued for a decision now
   * @param waiting      gated pods ({@code namespace/name}) not released yet, with the reason
   */
  public record Status(long released, long failedWrites, int queued, Map<String, String> waiting) {
    public Status {
      waiting = Map.copyOf(waiting);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (subscription != null) {
      subscription.close();
    }
    if (informer != null) {
      informer.stop();
    }
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  // ---- events → queue ----

  private void onPod(Pod pod) {
    if (isGated(pod)) {
      enqueue(key(pod));
    }
  }

  private void enqueue(String key) {
    if (!closed && queued.add(key)) {
      executor.execute(() -> {
        queued.remove(key);
        reconcile(key);
      });
    }
  }

  private void retryWaiting() {
    waiting.keySet().forEach(this::enqueue);
  }

  /*
   * The pod waits for the next topology change. A change published between reading {@code view}
   * and this put found the pod not waiting yet, so it is tried again at once: otherwise it would
   * wait for a change that already came (seen once: a pod read while the topology was still
   * unavailable stayed gated once it went live).
   */
  private void waitForTopology(String key, String why, TopologyView view) {
    waiting.put(key, why);
    if (topology.current() != view) {
      enqueue(key);
    }
  }

  private void retryLater(String key, String why) {
    int n = failures.merge(key, 1, Integer::sum);
    long delay = retryBackoff.toMillis() << Math.min(n - 1, 5);
    waiting.put(key, why);
    executor.schedule(() -> enqueue(key), delay, TimeUnit.MILLISECONDS);
  }

  // ---- one pod ----

  private void reconcile(String key) {
    try {
      reconcileOnce(key);
    } catch (RuntimeException e) { // a bug must not stop the worker: keep the pod and say why
      LOG.error("placing {} failed; it stays gated and is tried again", key, e);
      retryLater(key, "failed: " + e);
    }
  }

  private void reconcileOnce(String key) {
    SharedIndexInformer<Pod> pods = Objects.requireNonNull(informer);
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null || !isGated(pod)) {
      waiting.remove(key);
      failures.remove(key);
      return;
    }
    TopologyView view = topology.current();
    if (view.freshness().kind() == Freshness.Kind.UNAVAILABLE) {
      waitForTopology(key, "waiting for the cluster topology (" + view.freshness().kind() + ")", view);
      return;
    }
    Workload workload;
    try {
      workload = adapter.workload(pod);
    } catch (InvalidValueException e) {
      waiting.put(key, "cannot be read: " + e.getMessage()); // again when the pod changes
      LOG.warn("pod {} cannot be read; it stays gated until it is fixed: {}", key, e.getMessage());
      return;
    }
    Optional<String> unknown = imageWithUnknownPlatforms(workload);
    if (unknown.isPresent()) {
      retryLater(key, unknown.get());
      return;
    }
    ClusterSnapshot snapshot = view.snapshot();
    PlacementResult result = engine.place(snapshot, workload);
    Set<String> feasible = new HashSet<>(result.feasibleNodes());
    if (feasible.isEmpty()) {
      waitForTopology(key, "no feasible node: " + summary(result), view);
      return;
    }
    UplinkDemand demand = UplinkDemand.of(snapshot, workload);
    int pinnedUnit = -1;
    if (usesUplinks(snapshot, demand)) {
      pinnedUnit = snapshot.unitIndex(result.best().orElseThrow().unit());
      String unit = snapshot.unit(pinnedUnit).name();
      feasible.removeIf(n -> !snapshot.node(n).orElseThrow().unit().equals(unit));
    }
    Optional<Affinity> affinity = GateAffinity.narrow(pod, snapshot, feasible, adapter.config().unitLabels());
    if (affinity.isEmpty()) {
      waiting.put(key, "its required node affinity cannot be narrowed to the " + feasible.size()
          + " feasible nodes (they carry no distinct " + GateAffinity.HOSTNAME + " labels)");
      return;
    }
    if (write(key, released(pod, affinity.get()), view, feasible.size()) && pinnedUnit >= 0) {
      reservations.reserve(workload.namespace(), workload.name(), demand.charges(snapshot, pinnedUnit));
      // when it lapses unbound, the bandwidth is free again
      executor.schedule(this::retryWaiting, reservationTtl.toMillis() + 1, TimeUnit.MILLISECONDS);
    }
  }

  /* Whether placing the pod puts traffic on some uplink. */
  private static boolean usesUplinks(ClusterSnapshot snapshot, UplinkDemand demand) {
    for (int u = 0; u < snapshot.unitCount(); u++) {
      if (demand.ingressIn(u) > 0 || demand.egressIn(u) > 0) {
        return true;
      }
    }
    return false;
  }

  /* Whether the pod was released. */
  private boolean write(String key, Pod updated, TopologyView view, int feasible) {
    try {
      client.pods().resource(updated).update(); // optimistic lock on the resourceVersion read
      released.incrementAndGet();
      waiting.remove(key);
      failures.remove(key);
      LOG.info("released {} to {} feasible nodes (topology {} since {})", key, feasible,
          view.freshness().kind(), view.freshness().since());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        waiting.remove(key);
        failures.remove(key);
      } else if (e.getCode() == 409) {
        retryLater(key, "conflict: the pod changed meanwhile");
      } else {
        failedWrites.incrementAndGet();
        LOG.warn("updating {} failed ({}); it stays gated and is tried again", key, e.getMessage());
        retryLater(key, "update failed: " + e.getMessage());
      }
      return false;
    }
  }

  /* A copy of the pod with the narrowed affinity and without this controller's gate. */
  private static Pod released(Pod pod, Affinity affinity) {
    Pod copy = new PodBuilder(pod).build();
    copy.getSpec().setAffinity(affinity);
    List<PodSchedulingGate> gates = new ArrayList<>(copy.getSpec().getSchedulingGates());
    gates.removeIf(g -> WellKnownKeys.PLACEMENT_GATE.equals(g.getName()));
    copy.getSpec().setSchedulingGates(gates);
    return copy;
  }

  private Optional<String> imageWithUnknownPlatforms(Workload workload) {
    for (Container c : workload.allContainers()) {
      if (!c.platformsKnown()) {
        ImagePlatforms platforms = resolver.lookup(c.image()); // starts a fetch when not cached
        if (!platforms.known()) {
          return Optional.of("platforms of image \"" + c.image() + "\" are not known yet (" + platforms.detail()
              + "); declare them with " + WellKnownKeys.PLATFORMS + " to skip the registry");
        }
      }
    }
    return Optional.empty();
  }

  private static String summary(PlacementResult result) {
    Map<String, Integer> reasons = new TreeMap<>();
    for (FilterResult.Rejection r : result.rejections().values()) {
      reasons.merge(r.plugin() + "/" + r.reason(), 1, Integer::sum);
    }
    return result.candidateCount() + " nodes, rejected " + reasons;
  }

  private static boolean isGated(Pod pod) {
    return pod.getSpec() != null && pod.getSpec().getSchedulingGates() != null
        && pod.getSpec().getSchedulingGates().stream().anyMatch(g -> WellKnownKeys.PLACEMENT_GATE.equals(g.getName()))
        && (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty());
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
  }

  /** Settings of a {@link PlacementGateController}; each is checked when set. */
  public static final class Builder {
    private final KubernetesClient client;
    private final TopologySource topology;
    private ImagePlatformResolver resolver = ImagePlatformResolver.NONE;
    private @Nullable PlacementEngine engine;
    private KubeAdapter adapter = KubeAdapter.create();
    private @Nullable ScheduledExecutorService executor;
    private Duration retryBackoff = Duration.ofMillis(500);
    private Duration reservationTtl = Duration.ofMinutes(2);

    private Builder(KubernetesClient client, TopologySource topology) {
      this.client = Objects.requireNonNull(client, "client");
      this.topology = Objects.requireNonNull(topology, "topology");
    }

    /**
     * Where the platforms of images the pod does not declare come from; also given to the default
     * engine. Default {@link ImagePlatformResolver#NONE}: such pods wait until they declare
     * {@code edgeplace.io/platforms}.
     */
    public Builder imagePlatformResolver(ImagePlatformResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * The engine whose filters decide; default {@code DefaultPlugins.builder(resolver, reservations)},
     * counting the bandwidth this controller reserved. An engine given here does not count it.
     */
    public Builder engine(PlacementEngine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
      return this;
    }

    /** How pods become workloads; use the topology source's adapter. Default {@link KubeAdapter#create()}. */
    public Builder adapter(KubeAdapter adapter) {
      this.adapter = Objects.requireNonNull(adapter, "adapter");
      return this;
    }

    /**
     * The single thread decisions and writes run on; default one of its own, shut down by
     * {@link #close()}. One that is given is not shut down.
     */
    public Builder executor(ScheduledExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The first delay before a failed pod is tried again; it doubles up to 32 times this. Default 500 ms. */
    public Builder retryBackoff(Duration retryBackoff) {
      if (retryBackoff.isNegative() || retryBackoff.isZero() || retryBackoff.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException("retryBackoff is " + retryBackoff + "; it must be in (0, 10 min]");
      }
      this.retryBackoff = retryBackoff;
      return this;
    }

    /**
     * How long the uplink bandwidth of a released pod stays reserved when the topology does not
     * show it bound; default 2 min.
     */
    public Builder reservationTtl(Duration reservationTtl) {
      if (reservationTtl.isNegative() || reservationTtl.isZero()) {
        throw new IllegalArgumentException("reservationTtl is " + reservationTtl + "; it must be positive. Maybe "
            + "a couple of minutes, the time a released pod takes to be bound?");
      }
      this.reservationTtl = reservationTtl;
      return this;
    }

    /** A controller, not started yet: call {@link PlacementGateController#start()}. */
    public PlacementGateController build() {
      return new PlacementGateController(this);
    }
  }
}
