package io.edgeplace.core.topology;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.Unit;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.SnapshotStore;
import io.edgeplace.api.store.Stored;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.Subscription;
import io.edgeplace.api.topology.TopologyListener;
import io.edgeplace.api.topology.TopologySource;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.kube.KubeAdapter;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TopologySource} fed by fabric8 informers on Nodes, Pods, RuntimeClasses, the node
 * Leases of {@code kube-node-lease} and, where the CRD is served, OpenYurt NodePools
 * ({@code apps.openyurt.io/v1beta2} or {@code v1beta1}).
 *
 * <p><b>Heartbeats</b>: a node's {@link Node#lastHeartbeat()} is the newer of its {@code Ready}
 * condition's {@code lastHeartbeatTime} and its Lease's {@code renewTime}, as kube-controller-manager
 * reads them: with node Leases (the default) the kubelet renews the Lease every 10 s but rewrites
 * the condition only every 5 minutes when nothing changes, so the condition alone would make
 * healthy units look disconnected. Lease renewals are applied in batches on the poll thread
 * ({@link ClusterSnapshot#withNodes}), a node's at most once per 5 s.
 *
 * <p><b>Reads</b> ({@link #current()}) are one volatile read of an immutable
 * {@link TopologyView}. <b>Updates</b> are incremental: a pod event becomes
 * {@link ClusterSnapshot#withPod}/{@link ClusterSnapshot#withoutPod}, a node event
 * {@link ClusterSnapshot#withNode} (its unit is recomputed only when the node's unit or uplink
 * annotations change); only the first sync, RuntimeClass changes and NodePool changes rebuild.
 * <b>Freshness</b> is derived by polling the informers' {@code isWatching()} every
 * {@link Builder#pollInterval}, never from exceptions: {@code LIVE} once every informer has synced
 * and watches, {@code STALE} since the watch broke, {@code RESTORED} with the saved generation
 * when {@link #start()} found one on disk and the server has not been reached since, or
 * {@code UNAVAILABLE}. <b>Persistence</b>: every change schedules a save of the cluster snapshot,
 * at most once per {@link Builder#persistDebounce}, and never sooner than ten times the last
 * save's duration after it (so saving a large fleet under constant heartbeats costs at most a
 * tenth of a core); a failed save is logged and reported, retried
 * every 5 s (or the debounce, if longer), and readers go on being served from memory. <b>Listeners</b> are called on a notification thread of
 * this source (see {@link TopologyListener}).
 *
 * <p>{@link #start()} never blocks on the network: it restores from disk (when a store is given)
 * and starts the informers with {@code runnableInformer(0)} and an exception handler that keeps
 * retrying, so a source started while the API server is unreachable serves the restored snapshot
 * and turns {@code LIVE} when the server answers.
 */
public final class KubernetesTopologySource implements TopologySource {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesTopologySource.class);

  private static final String OPENYURT_GROUP = "apps.openyurt.io";
  private static final List<String> NODEPOOL_VERSIONS = List.of("v1beta2", "v1beta1");
  /* A Lease renewal newer than the node's heartbeat by less than this is not applied (a resync). */
  private static final long HEARTBEAT_STEP_SECONDS = 5;
  /* How long close() waits for its own threads (a discovery call in flight is interrupted). */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final @Nullable SnapshotStore store;
  private final InstantSource clock;
  private final Duration persistDebounce;
  private final Duration pollInterval;
  private final Duration nodePoolRecheck;
  private final boolean watchNodePools;
  private final boolean watchNodeLeases;
  private final EdgeplaceMetrics metrics;
  private final KubeAdapter adapter;

  private final ScheduledExecutorService scheduler;
  private final ExecutorService notifyExecutor;
  private final ExecutorService discoveryExecutor;
  private final Notifier notifier;

  private final Object lock = new Object();
  private final NodeInterner interner = new NodeInterner(); // guarded by lock
  private volatile TopologyView view;
  /* guarded by lock */
  private ClusterSnapshot snapshot;
  private FreshnessTracker freshness;
  private boolean initialized;
  private long contentVersion;
  private long persistedContentVersion;
  private long version;
  private boolean persistScheduled;
  private long lastSaveNanos;
  private boolean persistFailing;
  private boolean started;
  private boolean closed;

  private volatile @Nullable Instant lastEvent;
  private @Nullable SharedIndexInformer<io.fabric8.kubernetes.api.model.Node> nodeInformer;
  private @Nullable SharedIndexInformer<Pod> podInformer;
  private @Nullable SharedIndexInformer<RuntimeClass> runtimeClassInformer;
  private volatile @Nullable SharedIndexInformer<GenericKubernetesResource> nodePoolInformer;
  /* Read and written by poll() alone: the optional informers whose watch has been open once. */
  private final Set<SharedIndexInformer<?>> optionalSeenWatching =
      java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
  /* The newest renewTime of each node's Lease, and the nodes whose Lease renewed since the last poll. */
  private final ConcurrentHashMap<String, Instant> leaseRenewals = new ConcurrentHashMap<>();
  private final Set<String> renewedSincePoll = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
  private final List<SharedIndexInformer<?>> optionalInformers = new CopyOnWriteArrayList<>();

  private KubernetesTopologySource(Builder b) {
    this.client = b.client;
    this.store = b.store;
    this.clock = b.clock;
    this.persistDebounce = b.persistDebounce;
    this.pollInterval = b.pollInterval;
    this.nodePoolRecheck = b.nodePoolRecheck;
    this.watchNodePools = b.watchNodePools;
    this.watchNodeLeases = b.watchNodeLeases;
    this.metrics = b.metrics;
    this.adapter = b.adapter;
    Instant now = clock.instant();
    this.snapshot = ClusterSnapshot.empty(now);
    this.freshness = new FreshnessTracker(new Freshness.Unavailable(now));
    this.view = new TopologyView(snapshot, freshness.current(), 0);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("edgeplace-topology"));
    this.notifyExecutor = Executors.newSingleThreadExecutor(daemon("edgeplace-topology-notify"));
    this.discoveryExecutor = Executors.newSingleThreadExecutor(daemon("edgeplace-topology-discovery"));
    this.notifier = new Notifier(notifyExecutor, () -> view);
  }

  /** A builder for a source watching through {@code client}. */
  public static Builder builder(KubernetesClient client) {
    return new Builder(client);
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public TopologyView current() {
    return view;
  }

  @Override
  public Subscription subscribe(TopologyListener listener) {
    return notifier.subscribe(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Restores the newest valid snapshot from the store (if any), starts the informers and the
   * freshness poll, and returns without waiting for the API server. Calling it again does
   * nothing.
   *
   * @return this source
   */
  public KubernetesTopologySource start() {
    synchronized (lock) {
      if (started || closed) {
        return this;
      }
      started = true;
      restore();
    }
    nodeInformer = startInformer("Node", client.nodes().runnableInformer(0), this::onNode, this::onNodeDeleted,
        true);
    podInformer = startInformer("Pod", client.pods().inAnyNamespace().runnableInformer(0), this::onPod,
        this::onPodDeleted, true);
    runtimeClassInformer = startInformer("RuntimeClass", client.runtimeClasses().runnableInformer(0),
        rc -> onRuntimeClasses(), rc -> onRuntimeClasses(), true);
    if (watchNodeLeases) {
      startInformer("Lease", client.leases().inNamespace(KubeAdapter.NODE_LEASE_NAMESPACE).runnableInformer(0),
          this::onLease, this::onLeaseDeleted, false);
    }
    long poll = pollInterval.toNanos();
    scheduler.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.NANOSECONDS);
    if (watchNodePools) {
      discoveryExecutor.execute(this::discoverNodePools);
    }
    return this;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> startInformer(String kind, SharedIndexInformer<T> informer,
                                                                      Consumer<T> onChange, Consumer<T> onDelete,
                                                                      boolean required) {
    informer.exceptionHandler((isStarted, t) -> {
      LOG.debug("{} informer: {}; retrying", kind, t.toString());
      return true;
    });
    informer.addEventHandler(new ResourceEventHandler<T>() {
      @Override
      public void onAdd(T obj) {
        handle(kind, obj, onChange);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        handle(kind, newObj, onChange);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        handle(kind, obj, onDelete);
      }
    });
    synchronized (lock) {
      if (closed) {
        // discovery found NodePools while close() ran: a watch started now would never be stopped
        return informer;
      }
      if (required) {
        informers.add(informer);
      } else {
        optionalInformers.add(informer);
      }
      informer.start();
    }
    return informer;
  }

  private <T extends HasMetadata> void handle(String kind, T obj, Consumer<T> action) {
    lastEvent = clock.instant();
    try {
      action.accept(obj);
    } catch (RuntimeException ex) {
      LOG.warn("{} {}: ignoring a change that cannot be converted: {}", kind, nameOf(obj), ex.getMessage());
    }
  }

  private static String nameOf(HasMetadata obj) {
    if (obj.getMetadata() == null) {
      return "(no metadata)";
    }
    String ns = obj.getMetadata().getNamespace();
    return ns == null ? String.valueOf(obj.getMetadata().getName()) : ns + "/" + obj.getMetadata().getName();
  }

  // ---- restore and persist ----

  private void restore() {
    if (store == null) {
      return;
    }
    Optional<Stored<ClusterSnapshot>> restored;
    try {
      restored = store.clusterSnapshots().loadLatest();
    } catch (IOException | RuntimeException ex) {
      LOG.warn("could not restore a cluster snapshot, starting without one until the API server answers: {}",
          ex.getMessage());
      return;
    }
    if (restored.isEmpty()) {
      LOG.info("no cluster snapshot to restore; waiting for the API server");
      return;
    }
    Stored<ClusterSnapshot> s = restored.get();
    snapshot = s.value();
    freshness = new FreshnessTracker(new Freshness.Restored(s.savedAt(), s.generation()));
    Duration age = Duration.between(s.savedAt(), clock.instant());
    metrics.restored("cluster", s.generation(), age);
    LOG.info("restored cluster snapshot generation {} ({} nodes, {} pods) saved {} ago at {}", s.generation(),
        snapshot.nodeCount(), snapshot.podCount(), age, s.savedAt());
    persistedContentVersion = contentVersion;
    publish(true);
  }

  /* Under lock. */
  private void schedulePersist() {
    if (store == null || persistScheduled || closed) {
      return;
    }
    persistScheduled = true;
    // never spend more than a tenth of a core on saving: a save that took 300 ms waits 3 s
    long delay = Math.max(persistDebounce.toNanos(), 10 * lastSaveNanos);
    try {
      scheduler.schedule(this::persist, delay, TimeUnit.NANOSECONDS);
    } catch (RuntimeException closing) {
      persistScheduled = false;
    }
  }

  private void persist() {
    SnapshotStore s = store;
    ClusterSnapshot toSave;
    long savingVersion;
    synchronized (lock) {
      persistScheduled = false;
      if (s == null || contentVersion == persistedContentVersion) {
        return;
      }
      toSave = snapshot;
      savingVersion = contentVersion;
    }
    long t0 = System.nanoTime();
    try {
      s.clusterSnapshots().save(toSave);
      synchronized (lock) {
        lastSaveNanos = System.nanoTime() - t0;
        persistedContentVersion = Math.max(persistedContentVersion, savingVersion);
        if (persistFailing) {
          persistFailing = false;
          LOG.info("saving cluster snapshots works again");
        }
      }
    } catch (IOException | RuntimeException ex) {
      synchronized (lock) {
        if (!persistFailing) {
          persistFailing = true;
          LOG.warn("could not save the cluster snapshot; serving from memory and retrying every {}: {}",
              persistRetry(), ex.getMessage());
        }
        if (!persistScheduled && !closed) {
          persistScheduled = true;
          try {
            scheduler.schedule(this::persist, persistRetry().toNanos(), TimeUnit.NANOSECONDS);
          } catch (RuntimeException closing) {
            persistScheduled = false;
          }
        }
      }
    }
  }

  private Duration persistRetry() {
    Duration fiveSeconds = Duration.ofSeconds(5);
    return persistDebounce.compareTo(fiveSeconds) > 0 ? persistDebounce : fiveSeconds;
  }

  // ---- publication ----

  /* Under lock: publishes the current snapshot and freshness as a new view. */
  private void publish(boolean contentChanged) {
    view = new TopologyView(snapshot, freshness.current(), ++version);
    if (contentChanged) {
      metrics.snapshotPublished(snapshot.nodeCount(), snapshot.podCount());
    }
    notifier.published();
  }

  /* Under lock: the snapshot changed. */
  private void changed(ClusterSnapshot next) {
    if (next == snapshot) {
      return;
    }
    snapshot = next;
    contentVersion++;
    publish(true);
    schedulePersist();
  }

  // ---- freshness ----

  private void poll() {
    try {
      boolean synced = allSynced();
      boolean watching = allWatching();
      synchronized (lock) {
        if (closed) {
          return;
        }
        if (synced && !initialized) {
          initializeFromStores();
        }
        if (initialized && !renewedSincePoll.isEmpty()) {
          applyLeaseRenewals();
        }
        if (freshness.poll(clock.instant(), synced && initialized, watching, lastEvent)) {
          Freshness f = freshness.current();
          metrics.freshnessChanged(f);
          if (f.kind() == Freshness.Kind.LIVE) {
            LOG.info("topology is live ({} nodes, {} pods)", snapshot.nodeCount(), snapshot.podCount());
          } else {
            LOG.warn("topology is {} since {}: the API server watch is down; serving the last known snapshot",
                f.kind(), f.since());
          }
          publish(false);
        }
      }
    } catch (RuntimeException ex) {
      LOG.warn("topology freshness poll failed; will poll again", ex);
    }
  }

  /* The node, pod and runtime class informers (the NodePool one is optional). */
  private boolean allSynced() {
    for (SharedIndexInformer<?> i : informers) {
      if (!i.hasSynced()) {
        return false;
      }
    }
    return !informers.isEmpty();
  }

  /*
   * The required informers, and the optional ones (NodePools, Leases) once each has been seen
   * watching: fabric8 reports an informer synced when its list ends, before its watch opens, and
   * counting one in that gap turned a live topology STALE for a poll; one that never watches (not
   * served, or not allowed) never counts. Notes, on the poll thread, which optional ones have
   * watched.
   */
  private boolean allWatching() {
    for (SharedIndexInformer<?> i : informers) {
      if (!i.isWatching()) {
        return false;
      }
    }
    boolean watching = !informers.isEmpty();
    for (SharedIndexInformer<?> i : optionalInformers) {
      if (i.isWatching()) {
        optionalSeenWatching.add(i);
      } else if (optionalSeenWatching.contains(i)) {
        watching = false;
      }
    }
    return watching;
  }

  /* Under lock: the first sync replaces whatever was restored with what the server listed. */
  private void initializeFromStores() {
    Instant now = clock.instant();
    List<Node> nodes = new ArrayList<>();
    for (io.fabric8.kubernetes.api.model.Node n : Objects.requireNonNull(nodeInformer).getStore().list()) {
      convert("Node", n, () -> nodes.add(interner.canonical(withLeaseHeartbeat(adapter.node(n)))));
    }
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(now).nodes(nodes);
    try {
      b.units(adapter.units(nodes, nodePools()));
    } catch (RuntimeException ex) {
      LOG.warn("could not assemble units from nodes and NodePools, using unlimited units: {}", ex.getMessage());
    }
    for (Pod p : Objects.requireNonNull(podInformer).getStore().list()) {
      convert("Pod", p, () -> adapter.placedPod(p).ifPresent(b::pod));
    }
    for (RuntimeClass rc : Objects.requireNonNull(runtimeClassInformer).getStore().list()) {
      convert("RuntimeClass", rc, () -> {
        KubeAdapter.RuntimeClassHandler h = adapter.runtimeClass(rc);
        b.runtimeClass(h.name(), h.handler());
      });
    }
    initialized = true;
    changed(b.build());
  }

  private static void convert(String kind, HasMetadata obj, Runnable conversion) {
    try {
      conversion.run();
    } catch (RuntimeException ex) {
      LOG.warn("{} {}: left out of the snapshot, it cannot be converted: {}", kind, nameOf(obj), ex.getMessage());
    }
  }

  private List<GenericKubernetesResource> nodePools() {
    SharedIndexInformer<GenericKubernetesResource> pools = nodePoolInformer;
    return pools == null ? List.of() : pools.getStore().list();
  }

  // ---- incremental changes ----

  private void onPod(Pod pod) {
    synchronized (lock) {
      if (initialized) {
        changed(PodChanges.applied(snapshot, pod, adapter, clock.instant()));
      }
    }
  }

  private void onPodDeleted(Pod pod) {
    synchronized (lock) {
      if (initialized) {
        changed(PodChanges.deleted(snapshot, pod, clock.instant()));
      }
    }
  }

  private void onNode(io.fabric8.kubernetes.api.model.Node k8sNode) {
    Node converted = adapter.node(k8sNode);
    synchronized (lock) {
      if (!initialized) {
        return;
      }
      // the Lease is read under the lock: read before it, a renewal the poll applied meanwhile
      // would be taken back by this update's older condition heartbeat
      Node node = interner.canonical(withLeaseHeartbeat(converted));
      ClusterSnapshot s = snapshot;
      Optional<Node> old = s.node(node.name());
      if (old.isPresent() && old.get().equals(node)) {
        return;
      }
      ClusterSnapshot next = s.withNode(node);
      if (old.isEmpty() || !old.get().unit().equals(node.unit()) || uplinkChanged(old.get(), node)) {
        next = refreshUnit(next, node.unit());
        if (old.isPresent() && !old.get().unit().equals(node.unit())) {
          next = refreshUnit(next, old.get().unit());
        }
      }
      changed(next.withTime(clock.instant()));
    }
  }

  /* The node with its Lease's renewTime as heartbeat when that is newer than the Ready condition's. */
  private Node withLeaseHeartbeat(Node node) {
    return KubeAdapter.withLeaseRenewal(node, leaseRenewals.get(node.name()));
  }

  private void onLease(Lease lease) {
    KubeAdapter.nodeLease(lease).ifPresent(l -> {
      l.keepNewest(leaseRenewals);
      renewedSincePoll.add(l.node());
    });
  }

  private void onLeaseDeleted(Lease lease) {
    if (lease.getMetadata() != null && lease.getMetadata().getName() != null) {
      leaseRenewals.remove(lease.getMetadata().getName());
    }
  }

  /* Under lock, on the poll thread: the nodes whose Lease renewed get it as heartbeat, in one change. */
  private void applyLeaseRenewals() {
    List<Node> renewed = new ArrayList<>();
    for (java.util.Iterator<String> it = renewedSincePoll.iterator(); it.hasNext(); ) {
      String name = it.next();
      it.remove();
      Instant at = leaseRenewals.get(name);
      Optional<Node> node = snapshot.node(name);
      if (at == null || node.isEmpty()) {
        continue;
      }
      Instant heartbeat = node.get().lastHeartbeat();
      if (heartbeat == null || at.isAfter(heartbeat.plusSeconds(HEARTBEAT_STEP_SECONDS))) {
        renewed.add(interner.canonical(node.get().toBuilder().lastHeartbeat(at).build()));
      }
    }
    if (!renewed.isEmpty()) {
      changed(snapshot.withNodes(renewed).withTime(clock.instant()));
    }
  }

  private static boolean uplinkChanged(Node a, Node b) {
    return !Objects.equals(a.annotations().get(WellKnownKeys.UPLINK_BANDWIDTH),
        b.annotations().get(WellKnownKeys.UPLINK_BANDWIDTH))
        || !Objects.equals(a.annotations().get(WellKnownKeys.UPLINK_LATENCY),
        b.annotations().get(WellKnownKeys.UPLINK_LATENCY))
        || !Objects.equals(a.annotations().get(WellKnownKeys.NETWORK_MODE),
        b.annotations().get(WellKnownKeys.NETWORK_MODE))
        || !a.region().equals(b.region());
  }

  private void onNodeDeleted(io.fabric8.kubernetes.api.model.Node k8sNode) {
    String name = k8sNode.getMetadata().getName();
    synchronized (lock) {
      if (!initialized) {
        return;
      }
      Optional<Node> old = snapshot.node(name);
      if (old.isEmpty()) {
        return;
      }
      changed(refreshUnit(snapshot.withoutNode(name), old.get().unit()).withTime(clock.instant()));
    }
  }

  /* Under lock: recomputes unit `name` from its nodes and NodePool; rebuilds only if it changed. */
  private ClusterSnapshot refreshUnit(ClusterSnapshot s, String name) {
    int u = s.unitIndex(name);
    List<Node> members = new ArrayList<>();
    if (u >= 0) {
      for (int k = 0; k < s.unitSize(u); k++) {
        members.add(s.node(s.unitNode(u, k)));
      }
    }
    List<GenericKubernetesResource> pools = new ArrayList<>();
    for (GenericKubernetesResource pool : nodePools()) {
      if (pool.getMetadata() != null && name.equals(pool.getMetadata().getName())) {
        pools.add(pool);
      }
    }
    if (members.isEmpty() && pools.isEmpty()) {
      return s;
    }
    try {
      for (Unit unit : adapter.units(members, pools)) {
        if (unit.name().equals(name) && !s.unit(name).map(unit::equals).orElse(false)) {
          return s.withUnit(unit);
        }
      }
    } catch (RuntimeException ex) {
      LOG.warn("unit {}: keeping its previous uplink, it cannot be assembled: {}", name, ex.getMessage());
    }
    return s;
  }

  private void onRuntimeClasses() {
    SharedIndexInformer<RuntimeClass> informer = runtimeClassInformer;
    if (informer == null) {
      return;
    }
    synchronized (lock) {
      if (!initialized) {
        return;
      }
      ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(clock.instant()).nodes(snapshot.nodes())
          .units(snapshot.units()).pods(snapshot.pods());
      for (RuntimeClass rc : informer.getStore().list()) {
        convert("RuntimeClass", rc, () -> {
          KubeAdapter.RuntimeClassHandler h = adapter.runtimeClass(rc);
          b.runtimeClass(h.name(), h.handler());
        });
      }
      ClusterSnapshot next = b.build();
      if (!next.runtimeClassHandlers().equals(snapshot.runtimeClassHandlers())) {
        changed(next);
      }
    }
  }

  private void onNodePool(GenericKubernetesResource pool) {
    synchronized (lock) {
      if (!initialized || pool.getMetadata() == null) {
        return;
      }
      changed(refreshUnit(snapshot, pool.getMetadata().getName()));
    }
  }

  // ---- OpenYurt NodePools ----

  /*
   * Discovery is a network call that blocks for many seconds while the server is unreachable, so
   * it runs on its own thread and is retried; the NodePool informer joins the others once found.
   */
  private void discoverNodePools() {
    if (isClosed()) {
      return;
    }
    try {
      for (String v : NODEPOOL_VERSIONS) {
        if (client.supports(OPENYURT_GROUP + "/" + v, "NodePool")) {
          ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(OPENYURT_GROUP)
              .withVersion(v).withKind("NodePool").withPlural("nodepools").withNamespaced(false).build();
          LOG.info("watching OpenYurt NodePools ({}/{})", OPENYURT_GROUP, v);
          nodePoolInformer = startInformer("NodePool", client.genericKubernetesResources(ctx).runnableInformer(0),
              this::onNodePool, this::onNodePool, false);
          return;
        }
      }
      LOG.debug("OpenYurt NodePools are not served; checking again in {}", nodePoolRecheck);
    } catch (RuntimeException ex) {
      LOG.debug("could not ask the API server whether it serves NodePools ({}); asking again in {}",
          ex.toString(), nodePoolRecheck);
    }
    try {
      scheduler.schedule(() -> discoveryExecutor.execute(this::discoverNodePools), nodePoolRecheck.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RuntimeException closedNow) {
      // closed meanwhile
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    List<SharedIndexInformer<?>> all = new ArrayList<>(informers);
    all.addAll(optionalInformers);
    for (SharedIndexInformer<?> i : all) {
      try {
        i.stop();
      } catch (RuntimeException ex) {
        LOG.debug("stopping an informer failed", ex);
      }
    }
    scheduler.shutdownNow();
    discoveryExecutor.shutdownNow();
    // once close() returns, no thread of this source asks the API server anything or saves
    awaitTermination(scheduler, "the poll and persist thread");
    awaitTermination(discoveryExecutor, "NodePool discovery");
    persist();
    notifyExecutor.shutdown();
  }

  private static void awaitTermination(ExecutorService executor, String what) {
    try {
      if (!executor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("closing: {} did not stop within {}; leaving it behind", what, CLOSE_WAIT);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    TopologyView v = view;
    return "KubernetesTopologySource[" + v.freshness() + ", " + v.snapshot().nodeCount() + " nodes, "
        + v.snapshot().podCount() + " pods]";
  }

  /** Settings of a {@link KubernetesTopologySource}; each is checked when set. */
  public static final class Builder {
    private final KubernetesClient client;
    private @Nullable SnapshotStore store;
    private InstantSource clock = InstantSource.system();
    private Duration persistDebounce = Duration.ofSeconds(1);
    private Duration pollInterval = Duration.ofMillis(250);
    private Duration nodePoolRecheck = Duration.ofMinutes(1);
    private boolean watchNodePools = true;
    private boolean watchNodeLeases = true;
    private EdgeplaceMetrics metrics = EdgeplaceMetrics.NOOP;
    private KubeAdapter adapter = KubeAdapter.create();

    private Builder(KubernetesClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Where snapshots are persisted and restored from. Default none: nothing survives a restart. */
    public Builder store(SnapshotStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** The clock of snapshot times, freshness and ages. Default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The least time between two saves. Default 1 s. */
    public Builder persistDebounce(Duration persistDebounce) {
      this.persistDebounce = positive("persistDebounce", persistDebounce);
      return this;
    }

    /** How often the informers' watch state is polled for freshness. Default 250 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = positive("pollInterval", pollInterval);
      return this;
    }

    /** How often to ask again whether OpenYurt NodePools are served, until they are. Default 1 min. */
    public Builder nodePoolRecheck(Duration nodePoolRecheck) {
      this.nodePoolRecheck = positive("nodePoolRecheck", nodePoolRecheck);
      return this;
    }

    /** Whether to watch OpenYurt NodePools where they are served. Default true. */
    public Builder watchNodePools(boolean watchNodePools) {
      this.watchNodePools = watchNodePools;
      return this;
    }

    /**
     * Whether to watch the node Leases of {@value KubeAdapter#NODE_LEASE_NAMESPACE}
     * for heartbeats (needs get, list and watch on {@code coordination.k8s.io} leases there).
     * Default true. Without them a node's heartbeat is its {@code Ready} condition's, which the
     * kubelet rewrites only every 5 minutes when nothing changes: raise the connectivity plugin's
     * staleAfter above that.
     */
    public Builder watchNodeLeases(boolean watchNodeLeases) {
      this.watchNodeLeases = watchNodeLeases;
      return this;
    }

    /** Where freshness, publications, restores and persist failures are reported. Default no-op. */
    public Builder metrics(EdgeplaceMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** How Kubernetes objects become api records. Default {@link KubeAdapter#create()}. */
    public Builder adapter(KubeAdapter adapter) {
      this.adapter = Objects.requireNonNull(adapter, "adapter");
      return this;
    }

    /** A source, not started yet: call {@link KubernetesTopologySource#start()}. */
    public KubernetesTopologySource build() {
      return new KubernetesTopologySource(this);
    }

    private static Duration positive(String what, Duration d) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }
  }
}
