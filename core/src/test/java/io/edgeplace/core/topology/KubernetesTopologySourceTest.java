package io.edgeplace.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Workload;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.Stored;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.store.FileSnapshotStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesTopologySourceTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private final List<Freshness> freshnessReported = new CopyOnWriteArrayList<>();
  private final List<String> persistFailures = new CopyOnWriteArrayList<>();
  private final EdgeplaceMetrics metrics = new EdgeplaceMetrics() {
    @Override
    public void freshnessChanged(Freshness freshness) {
      freshnessReported.add(freshness);
    }

    @Override
    public void persistFailed(String state, Throwable error) {
      persistFailures.add(error.getMessage());
    }
  };

  static Node node(String name, String unit, String arch) {
    return new NodeBuilder()
        .withNewMetadata().withName(name)
        .withLabels(Map.of("edgeplace.io/unit", unit, "kubernetes.io/arch", arch, "kubernetes.io/os", "linux"))
        .withAnnotations(Map.of("edgeplace.io/uplink-bandwidth", "100M"))
        .endMetadata()
        .withNewStatus()
        .withAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"), "pods", new Quantity("110")))
        .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("2026-01-15T11:59:30Z")
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod pod(String ns, String name, String nodeName, String app) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(ns).withName(name).withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().withNodeName(nodeName)
        .addNewContainer().withName("c").withImage("nginx:1.27")
        .withNewResources().withRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("256Mi")))
        .endResources().endContainer()
        .endSpec()
        .withNewStatus().withPhase("Running").endStatus()
        .build();
  }

  static void createCluster(KubernetesClient client) {
    client.nodes().resource(node("edge-a1", "shop-a", "arm64")).create();
    client.nodes().resource(node("edge-a2", "shop-a", "amd64")).create();
    client.nodes().resource(node("edge-b1", "shop-b", "amd64")).create();
    client.pods().inNamespace("default").resource(pod("default", "web-1", "edge-a1", "web")).create();
    client.pods().inNamespace("default").resource(pod("default", "web-2", "edge-b1", "web")).create();
    client.runtimeClasses().resource(new RuntimeClassBuilder().withNewMetadata().withName("kata").endMetadata()
        .withHandler("kata").build()).create();
  }

  private KubernetesTopologySource.Builder source(KubernetesClient client) {
    return KubernetesTopologySource.builder(client)
        .store(FileSnapshotStore.builder(dir).build())
        .pollInterval(Duration.ofMillis(50))
        .persistDebounce(Duration.ofMillis(100))
        .metrics(metrics);
  }

  private static String describe(KubernetesTopologySource s) {
    TopologyView v = s.current();
    return "view: " + v.freshness() + ", nodes " + v.snapshot().nodes().stream().map(n -> n.name()).toList()
        + ", pods " + v.snapshot().pods().stream().map(p -> p.key()).toList();
  }

  private static boolean has(KubernetesTopologySource s, int nodes, int pods, Freshness.Kind kind) {
    TopologyView v = s.current();
    return v.snapshot().nodeCount() == nodes && v.snapshot().podCount() == pods && v.freshness().kind() == kind;
  }

  private Stored<ClusterSnapshot> latestOnDisk() throws IOException {
    return FileSnapshotStore.builder(dir).build().clusterSnapshots().loadLatest().orElseThrow();
  }

  private void awaitPersisted(KubernetesTopologySource s) {
    Await.until("the current snapshot is on disk", WAIT, () -> {
      try {
        ClusterSnapshot disk = latestOnDisk().value();
        ClusterSnapshot mem = s.current().snapshot();
        return disk.nodes().equals(mem.nodes()) && disk.pods().equals(mem.pods())
            && disk.runtimeClassHandlers().equals(mem.runtimeClassHandlers());
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }, () -> describe(s));
  }

  @Test
  void changesFlowIntoSnapshots_anOutageTurnsThemStale_andTheServersReturnLive() {
    try (MockApiServer server = new MockApiServer(); KubernetesClient client = server.client()) {
      createCluster(client);
      List<TopologyView> notified = new CopyOnWriteArrayList<>();
      List<String> notifyThreads = new CopyOnWriteArrayList<>();
      FreezableClock clock = new FreezableClock();
      try (KubernetesTopologySource source = source(client).clock(clock).build()) {
        source.subscribe(v -> {
          notified.add(v);
          notifyThreads.add(Thread.currentThread().getName());
        });
        assertThat(source.start().current().freshness().kind()).isEqualTo(Freshness.Kind.UNAVAILABLE);
        Await.until("live with 3 nodes and 2 pods", WAIT, () -> has(source, 3, 2, Freshness.Kind.LIVE),
            () -> describe(source));
        ClusterSnapshot live = source.current().snapshot();
        assertThat(live.runtimeClassHandlers()).containsEntry("kata", "kata");
        assertThat(live.node("edge-a1").orElseThrow().platform().architecture()).isEqualTo("arm64");
        assertThat(live.unit("shop-a").orElseThrow().uplinkBitsPerSecond()).isEqualTo(100_000_000L);
        assertThat(live.requested(live.nodeIndex("edge-a1"))).isEqualTo(new Resources(500, 256L << 20, 0, 1));

        client.pods().inNamespace("default").resource(pod("default", "web-3", "edge-a2", "web")).create();
        Await.until("the new pod is in the snapshot", WAIT, () -> has(source, 3, 3, Freshness.Kind.LIVE),
            () -> describe(source));
        client.pods().inNamespace("default").withName("web-1").delete();
        Await.until("the deleted pod is gone", WAIT,
            () -> source.current().snapshot().pod("default", "web-1").isEmpty(), () -> describe(source));
        Node changed = node("edge-b1", "shop-b", "amd64");
        changed.getMetadata().setAnnotations(Map.of("edgeplace.io/uplink-bandwidth", "20M"));
        client.nodes().resource(changed).update();
        Await.until("the unit's uplink follows its node", WAIT, () -> source.current().snapshot().unit("shop-b")
            .map(u -> u.uplinkBitsPerSecond() == 20_000_000L).orElse(false), () -> describe(source));
        awaitPersisted(source);
        Await.until("the listener saw the latest view", WAIT,
            () -> !notified.isEmpty() && notified.get(notified.size() - 1).version() == source.current().version());
        assertThat(notifyThreads).allMatch(t -> t.equals("edgeplace-topology-notify"));
        assertThat(notified).extracting(TopologyView::version).isSorted();

        ClusterSnapshot beforeOutage = source.current().snapshot();
        // time stands still from here to the outage, and polls see every watch up at that instant
        Instant lastSeenWatching = clock.freeze();
        Await.until("two polls at the frozen instant", WAIT, () -> clock.readsWhileFrozen() >= 2);
        server.stop();
        Await.until("stale after the server stopped", WAIT,
            () -> source.current().freshness().kind() == Freshness.Kind.STALE, () -> describe(source));
        TopologyView stale = source.current();
        assertThat(stale.snapshot()).as("reads go on with what was known").isSameAs(beforeOutage);
        assertThat(stale.freshness().since()).as("stale since the last poll that saw every watch up")
            .isEqualTo(lastSeenWatching);
        clock.thaw();

        server.restart();
        createCluster(client);
        Await.until("live again after the server returned", WAIT,
            () -> source.current().freshness().kind() == Freshness.Kind.LIVE, () -> describe(source));
        Await.until("the pods of the new server flow in", WAIT,
            () -> source.current().snapshot().pod("default", "web-1").isPresent(), () -> describe(source));
      }
      assertThat(freshnessReported).extracting(Freshness::kind)
          .containsSubsequence(Freshness.Kind.LIVE, Freshness.Kind.STALE, Freshness.Kind.LIVE);
    }
  }

  @Test
  void startedWithTheServerGone_itIsRestoredFromDisk_decidesAsBefore_andGoesLiveWhenTheServerReturns()
      throws IOException {
    MockApiServer server = new MockApiServer();
    ClusterSnapshot before;
    try (KubernetesClient client = server.client()) {
      createCluster(client);
      try (KubernetesTopologySource source = source(client).build().start()) {
        Await.until("live", WAIT, () -> has(source, 3, 2, Freshness.Kind.LIVE), () -> describe(source));
        awaitPersisted(source);
        before = source.current().snapshot();
      }
    }
    server.stop();

    try (KubernetesClient client = server.client();
         KubernetesTopologySource source = source(client).build()) {
      long t0 = System.nanoTime();
      TopologyView restored = source.start().current();
      Duration startup = Duration.ofNanos(System.nanoTime() - t0);
      assertThat(startup).as("start() restores without waiting for the server").isLessThan(Duration.ofSeconds(1));
      assertThat(restored.freshness()).isInstanceOf(Freshness.Restored.class);
      assertThat(((Freshness.Restored) restored.freshness()).generation()).isEqualTo(latestOnDisk().generation());
      assertThat(restored.snapshot().nodes()).isEqualTo(before.nodes());
      assertThat(restored.snapshot().pods()).isEqualTo(before.pods());

      // The fixture's heartbeats (2026-01-15) are months older than the snapshots' system-clock time, so unit
      // connectivity would rightly call every unit disconnected; this test compares decisions across a restore.
      PlacementEngine engine = DefaultPlugins.builder()
          .remove(io.edgeplace.core.plugins.UnitConnectivityPlugin.NAME).build();
      Workload w = Workload.builder("default", "web-9").labels(Map.of("app", "web"))
          .requests(Resources.of(500, 256L << 20)).build();
      PlacementResult then = engine.place(before, w);
      PlacementResult now = engine.place(restored.snapshot(), w);
      assertThat(now.feasibleNodes()).isNotEmpty().isEqualTo(then.feasibleNodes());
      for (String n : then.feasibleNodes()) {
        assertThat(now.total(n)).as(n).isEqualTo(then.total(n));
      }
      assertThat(now.rejections().keySet()).isEqualTo(then.rejections().keySet());

      server.restart();
      createCluster(client);
      client.pods().inNamespace("default").resource(pod("default", "web-4", "edge-a2", "web")).create();
      Await.until("live with what the returned server says", WAIT, () -> has(source, 3, 3, Freshness.Kind.LIVE),
          () -> describe(source));
    } finally {
      server.close();
    }
  }

  @Test
  void withTheNewestGenerationCorrupt_thePreviousOneIsRestored() throws IOException {
    FileSnapshotStore store = FileSnapshotStore.builder(dir).build();
    ClusterSnapshot older = io.edgeplace.core.store.TestSnapshots.random(
        java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(5), 10, 30);
    long olderGeneration = store.clusterSnapshots().save(older).generation();
    long newest = store.clusterSnapshots().save(older.withoutNode("node-0")).generation();
    Path newestFile;
    try (Stream<Path> files = Files.list(dir)) {
      newestFile = files.filter(p -> p.getFileName().toString().contains(String.format("%012d", newest)))
          .findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(newestFile);
    bytes[bytes.length - 10] ^= 1;
    Files.write(newestFile, bytes);

    MockApiServer server = MockApiServer.stopped();
    try (KubernetesClient client = server.client();
         KubernetesTopologySource source = source(client).watchNodePools(false).build().start()) {
      TopologyView v = source.current();
      assertThat(v.freshness()).isEqualTo(new Freshness.Restored(latestSavedAt(olderGeneration), olderGeneration));
      assertThat(v.snapshot().nodes()).isEqualTo(older.nodes());
      assertThat(Files.exists(newestFile.resolveSibling(newestFile.getFileName() + ".corrupt"))).isTrue();
    }
  }

  private Instant latestSavedAt(long generation) throws IOException {
    Stored<ClusterSnapshot> s = latestOnDisk();
    assertThat(s.generation()).isEqualTo(generation);
    return s.savedAt();
  }

  @Test
  void anOpenYurtNodePool_whereServed_setsTheUplinkOfItsUnit() {
    CustomResourceDefinitionContext nodePools = new CustomResourceDefinitionContext.Builder()
        .withGroup("apps.openyurt.io").withVersion("v1beta2").withKind("NodePool").withPlural("nodepools")
        .withScope("Cluster").build();
    try (MockApiServer server = new MockApiServer(List.of(nodePools)); KubernetesClient client = server.client()) {
      assertThat(client.supports("apps.openyurt.io/v1beta2", "NodePool")).as("the mock serves NodePools").isTrue();
      createCluster(client);
      GenericKubernetesResource pool = new GenericKubernetesResourceBuilder()
          .withApiVersion("apps.openyurt.io/v1beta2").withKind("NodePool")
          .withNewMetadata().withName("shop-a").withAnnotations(Map.of("edgeplace.io/uplink-bandwidth", "5M"))
          .endMetadata().build();
      client.genericKubernetesResources(nodePools).resource(pool).create();
      try (KubernetesTopologySource source = source(client).nodePoolRecheck(Duration.ofMillis(200)).build()
          .start()) {
        Await.until("the pool's uplink applies to its unit", WAIT, () -> source.current().snapshot().unit("shop-a")
            .map(u -> u.uplinkBitsPerSecond() == 5_000_000L).orElse(false), () -> describe(source) + " units "
            + source.current().snapshot().units());
        Await.until("live, the NodePool watch included", WAIT,
            () -> source.current().freshness().kind() == Freshness.Kind.LIVE, () -> describe(source));
        assertThat(freshnessReported).extracting(Freshness::kind).containsOnly(Freshness.Kind.LIVE);
        assertThat(source.current().snapshot().unit("shop-b").orElseThrow().uplinkBitsPerSecond())
            .isEqualTo(100_000_000L);
      }
    }
  }

  static Lease lease(String node, Instant renewed) {
    return new LeaseBuilder().withNewMetadata().withName(node).withNamespace("kube-node-lease").endMetadata()
        .withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds(40)
        .withRenewTime(renewed.atZone(ZoneOffset.UTC)).endSpec().build();
  }

  @Test
  void aNodesLeaseRenewals_areItsHeartbeat_andAnUpdateOfTheNodeDoesNotTakeThemBack() {
    try (MockApiServer server = new MockApiServer(); KubernetesClient client = server.client()) {
      createCluster(client); // Ready heartbeats at 11:59:30
      Instant condition = Instant.parse("2026-01-15T11:59:30Z");
      Instant renewed = Instant.parse("2026-01-15T12:04:00Z");
      client.leases().inNamespace("kube-node-lease").resource(lease("edge-a1", renewed)).create();
      try (KubernetesTopologySource source = source(client).build().start()) {
        Await.until("live, with edge-a1's Lease as its heartbeat", WAIT,
            () -> source.current().freshness().kind() == Freshness.Kind.LIVE && heartbeat(source, "edge-a1")
                .equals(renewed), () -> describe(source) + ", edge-a1 " + heartbeat(source, "edge-a1"));
        assertThat(heartbeat(source, "edge-a2")).as("a node without a Lease keeps its condition's").isEqualTo(condition);

        Instant later = renewed.plusSeconds(10);
        client.leases().inNamespace("kube-node-lease").resource(lease("edge-a1", later)).update();
        Await.until("the renewal applies", WAIT, () -> heartbeat(source, "edge-a1").equals(later),
            () -> "edge-a1 " + heartbeat(source, "edge-a1"));

        io.fabric8.kubernetes.api.model.Node relabelled = node("edge-a1", "shop-a", "arm64");
        Map<String, String> labels = new java.util.HashMap<>(relabelled.getMetadata().getLabels());
        labels.put("tier", "gold");
        relabelled.getMetadata().setLabels(labels);
        client.nodes().resource(relabelled).update();
        Await.until("the node's update applies", WAIT, () -> source.current().snapshot().node("edge-a1")
            .map(n -> "gold".equals(n.labels().get("tier"))).orElse(false), () -> describe(source));
        assertThat(heartbeat(source, "edge-a1")).as("the older condition heartbeat of the update").isEqualTo(later);
      }
    }
  }

  private static Instant heartbeat(KubernetesTopologySource source, String node) {
    return source.current().snapshot().node(node).map(n -> n.lastHeartbeat()).orElse(Instant.EPOCH);
  }

  @Test
  void aNodePoolListedButNotYetWatched_leavesTheTopologyLive_andCountsOnceItsWatchHasOpened() throws Exception {
    CustomResourceDefinitionContext nodePools = new CustomResourceDefinitionContext.Builder()
        .withGroup("apps.openyurt.io").withVersion("v1beta2").withKind("NodePool").withPlural("nodepools")
        .withScope("Cluster").build();
    try (MockApiServer server = new MockApiServer(List.of(nodePools)); KubernetesClient real = server.client()) {
      createCluster(real);
      real.genericKubernetesResources(nodePools).resource(new GenericKubernetesResourceBuilder()
          .withApiVersion("apps.openyurt.io/v1beta2").withKind("NodePool")
          .withNewMetadata().withName("shop-a").withAnnotations(Map.of("edgeplace.io/uplink-bandwidth", "5M"))
          .endMetadata().build()).create();
      // the NodePool informer reports its watch as open only when the test says so, as in the gap
      // between the end of its list (synced) and the opening of its watch
      AtomicBoolean watchOpen = new AtomicBoolean();
      AtomicBoolean seenOpen = new AtomicBoolean();
      AtomicInteger asksOnceSynced = new AtomicInteger();
      KubernetesClient client = delegate(KubernetesClient.class, real, (method, args) -> {
        Object result = method.invoke(real, args);
        if (!(method.getName().equals("genericKubernetesResources") && args.length == 1)) {
          return result;
        }
        return delegate(MixedOperation.class, result, (m, a) -> {
          Object r = m.invoke(result, a);
          if (!(r instanceof SharedIndexInformer<?> informer)) {
            return r;
          }
          return delegate(SharedIndexInformer.class, informer, (im, ia) -> {
            if (im.getName().equals("isWatching")) {
              if (informer.hasSynced()) {
                asksOnceSynced.incrementAndGet();
              }
              boolean open = informer.isWatching() && watchOpen.get();
              seenOpen.compareAndSet(false, open);
              return open;
            }
            return im.invoke(informer, ia);
          });
        });
      });
      try (KubernetesTopologySource source = source(client).nodePoolRecheck(Duration.ofMillis(200)).build()
          .start()) {
        Await.until("the pool's uplink applies and the topology is live", WAIT,
            () -> source.current().snapshot().unit("shop-a").map(u -> u.uplinkBitsPerSecond() == 5_000_000L)
                .orElse(false) && source.current().freshness().kind() == Freshness.Kind.LIVE,
            () -> describe(source));
        Await.until("two polls have asked the listed NodePool informer whether it watches", WAIT,
            () -> asksOnceSynced.get() >= 2);
        assertThat(source.current().freshness().kind()).as("freshness while the NodePool watch is not open yet")
            .isEqualTo(Freshness.Kind.LIVE);

        watchOpen.set(true);
        Await.until("the NodePool watch is seen open", WAIT, seenOpen::get);
        watchOpen.set(false);
        Await.until("a NodePool watch that drops once open turns the topology stale", WAIT,
            () -> source.current().freshness().kind() == Freshness.Kind.STALE, () -> describe(source));
        watchOpen.set(true);
        Await.until("live again", WAIT, () -> source.current().freshness().kind() == Freshness.Kind.LIVE,
            () -> describe(source));

        assertThat(freshnessReported).extracting(Freshness::kind)
            .containsExactly(Freshness.Kind.LIVE, Freshness.Kind.STALE, Freshness.Kind.LIVE);
      }
    }
  }

  @Test
  void closedWhileAskingWhetherNodePoolsAreServed_neverStartsTheirWatch() throws Exception {
    CustomResourceDefinitionContext nodePools = new CustomResourceDefinitionContext.Builder()
        .withGroup("apps.openyurt.io").withVersion("v1beta2").withKind("NodePool").withPlural("nodepools")
        .withScope("Cluster").build();
    try (MockApiServer server = new MockApiServer(List.of(nodePools)); KubernetesClient real = server.client()) {
      createCluster(real);
      CountDownLatch asked = new CountDownLatch(1);
      AtomicReference<Thread> discovery = new AtomicReference<>();
      List<SharedIndexInformer<?>> nodePoolInformers = new CopyOnWriteArrayList<>();
      // the discovery call answers "served" only as close() interrupts it: the answer arrives just then
      KubernetesClient client = delegate(KubernetesClient.class, real, (method, args) -> {
        if (method.getName().equals("supports") && args.length == 2 && args[0] instanceof String) {
          discovery.set(Thread.currentThread());
          asked.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException closing) {
            return true;
          }
        }
        Object result = method.invoke(real, args);
        if (method.getName().equals("genericKubernetesResources") && args.length == 1) {
          return delegate(MixedOperation.class, result, (m, a) -> {
            Object r = m.invoke(result, a);
            if (r instanceof SharedIndexInformer<?> informer) {
              nodePoolInformers.add(informer);
            }
            return r;
          });
        }
        return result;
      });
      // (no Lease watch: closing one just as it opens stalls the mock server's close for 10 s)
      KubernetesTopologySource source = source(client).watchNodeLeases(false).build().start();
      assertThat(asked.await(30, TimeUnit.SECONDS)).as("discovery asks whether NodePools are served").isTrue();

      source.close();
      discovery.get().join(WAIT.toMillis());

      assertThat(discovery.get().isAlive()).as("the discovery thread ends").isFalse();
      assertThat(nodePoolInformers).as("NodePool informers made by discovery, then not started").hasSize(1)
          .noneMatch(SharedIndexInformer::isRunning);
    }
  }

  /* The system clock, or one instant while frozen. */
  private static final class FreezableClock implements InstantSource {
    private volatile @Nullable Instant frozen;
    private final AtomicInteger readsWhileFrozen = new AtomicInteger();

    @Override
    public Instant instant() {
      Instant f = frozen;
      if (f == null) {
        return Instant.now();
      }
      readsWhileFrozen.incrementAndGet();
      return f;
    }

    Instant freeze() {
      Instant now = Instant.now();
      frozen = now;
      return now;
    }

    void thaw() {
      frozen = null;
    }

    int readsWhileFrozen() {
      return readsWhileFrozen.get();
    }
  }

  private interface Call {
    Object answer(Method method, Object[] args) throws Exception;
  }

  /* A proxy of {@code type} answering by {@code call}, which may ask {@code target}. */
  private static <T> T delegate(Class<T> type, Object target, Call call) {
    return type.cast(Proxy.newProxyInstance(KubernetesTopologySourceTest.class.getClassLoader(),
        new Class<?>[] {type}, (proxy, method, args) -> {
          try {
            return call.answer(method, args == null ? new Object[0] : args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        }));
  }

  @Test
  void startedWithNothingOnDiskAndNoServer_itIsUnavailableAndEmpty_andNeverThrows() {
    MockApiServer server = MockApiServer.stopped();
    try (KubernetesClient client = server.client();
         KubernetesTopologySource source = source(client).build().start()) {
      TopologyView v = source.current();
      assertThat(v.freshness().kind()).isEqualTo(Freshness.Kind.UNAVAILABLE);
      assertThat(v.snapshot().nodeCount()).isZero();
    }
  }

  @Test
  void whenSnapshotsCannotBeSaved_itGoesOnServingFromMemory() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    try (MockApiServer server = new MockApiServer(); KubernetesClient client = server.client()) {
      createCluster(client);
      try (KubernetesTopologySource source = KubernetesTopologySource.builder(client)
          .store(FileSnapshotStore.builder(notADirectory).metrics(metrics).build())
          .pollInterval(Duration.ofMillis(50)).persistDebounce(Duration.ofMillis(50)).build().start()) {
        Await.until("live", WAIT, () -> has(source, 3, 2, Freshness.Kind.LIVE), () -> describe(source));
        Await.until("a save was tried and failed", WAIT, () -> !persistFailures.isEmpty());
        client.pods().inNamespace("default").resource(pod("default", "web-3", "edge-a2", "web")).create();
        Await.until("changes still flow", WAIT, () -> has(source, 3, 3, Freshness.Kind.LIVE), () -> describe(source));
        assertThat(persistFailures.get(0)).contains(notADirectory.toString());
      }
    }
  }
}
