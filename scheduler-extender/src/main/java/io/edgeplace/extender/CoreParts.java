package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.core.demo.DemoCluster;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.kube.AdapterConfig;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.kube.SnapshotFileException;
import io.edgeplace.core.kube.SnapshotFiles;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.image.RegistryImagePlatformResolver;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.store.FileSnapshotStore;
import io.edgeplace.core.topology.KubernetesTopologySource;
import io.edgeplace.extender.placement.Binder;
import io.edgeplace.extender.placement.SnapshotSource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Assembles the core's pieces for the options given: the snapshot source, the engine with the
 * configured weights and plugin thresholds, the adapters with the configured unit labels, the
 * reservation book and, with {@code --bind}, the binder.
 */
final class CoreParts {
  private CoreParts() {
  }

  /**
   * @throws IllegalArgumentException for a bad snapshot or config file (exit code 2)
   */
  static Extender.Parts create(Options options, ExtenderConfig config, InstantSource clock) {
    return create(options, config, clock, null);
  }

  /**
   * @param liveClient the client of a live source, or null to make one from the options (tests
   *                   hand in a client of a mock API server)
   */
  static Extender.Parts create(Options options, ExtenderConfig config, InstantSource clock,
                               @Nullable KubernetesClient liveClient) {
    AdapterConfig adapterConfig = adapterConfig(options, config);
    KubeAdapter adapter = KubeAdapter.create(adapterConfig);
    BandwidthReservations book = config.reservationTtl() == null ? BandwidthReservations.create(clock)
        : BandwidthReservations.create(clock, config.reservationTtl());
    List<AutoCloseable> closeables = new ArrayList<>();
    try {
      boolean live = options.source() == Options.Source.KUBECONFIG || options.source() == Options.Source.IN_CLUSTER;
      // a snapshot file or the demo needs no network: image platforms come from pod annotations only
      ImagePlatformResolver resolver = ImagePlatformResolver.NONE;
      CacheHealth coreMetrics = new CacheHealth(clock);
      if (live) {
        RegistryImagePlatformResolver registry =
            RegistryImagePlatformResolver.builder().clock(clock).metrics(coreMetrics).build();
        closeables.add(registry);
        resolver = registry;
      }
      PlacementEngine engine = engine(ExtenderPlugins.builder(resolver, book, config.thresholds()), options, config);
      SnapshotSource source;
      Binder binder = null;
      switch (options.source()) {
        case SNAPSHOT -> source = snapshotFile(Objects.requireNonNull(options.snapshotFile()), adapterConfig, clock);
        case DEMO -> {
          Instant now = clock.instant();
          source = SnapshotSource.fixed(DemoCluster.loadShiftedTo(now), "the bundled demo edge cluster", now);
        }
        case KUBECONFIG, IN_CLUSTER -> {
          KubernetesClient client = liveClient != null ? liveClient : client(options);
          if (liveClient == null) {
            closeables.add(0, client);
          }
          KubernetesTopologySource.Builder tb = KubernetesTopologySource.builder(client).adapter(adapter).clock(clock);
          CacheHealth cacheHealth = coreMetrics;
          tb.metrics(cacheHealth);
          if (options.cacheDir() != null) {
            tb.store(FileSnapshotStore.builder(options.cacheDir()).clock(clock).metrics(cacheHealth).build());
          }
          KubernetesTopologySource topology = tb.build();
          closeables.add(0, topology);
          topology.start();
          source = new TopologySnapshotSource(topology, "the API server at " + client.getMasterUrl(), cacheHealth);
          if (options.bind()) {
            binder = new KubernetesBinder(client);
          }
        }
        default -> throw new IllegalArgumentException("no cluster source given");
      }
      return new Extender.Parts(source, new EnginePlacer(engine), new AdapterConverter(adapter),
          new BookReservations(book), binder, closeables, clock);
    } catch (RuntimeException e) {
      for (AutoCloseable c : closeables) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  /** Parts serving a fixed {@code snapshot} with the extender's plugin set and no registry lookups. */
  static Extender.Parts forSnapshot(ClusterSnapshot snapshot, ExtenderConfig config, InstantSource clock) {
    BandwidthReservations book = config.reservationTtl() == null ? BandwidthReservations.create(clock)
        : BandwidthReservations.create(clock, config.reservationTtl());
    Options none = new Options(new java.net.InetSocketAddress("127.0.0.1", 0), Options.Source.SNAPSHOT, null, null,
        null, null, null, null, null, Options.DEFAULT_MAX_BODY_BYTES, false, false);
    PlacementEngine engine = engine(ExtenderPlugins.builder(ImagePlatformResolver.NONE, book, config.thresholds()), none,
        config);
    KubeAdapter adapter = KubeAdapter.create(adapterConfig(none, config));
    return new Extender.Parts(SnapshotSource.fixed(snapshot, "a snapshot given in code", clock.instant()),
        new EnginePlacer(engine), new AdapterConverter(adapter), new BookReservations(book), null, List.of(), clock);
  }

  private static KubernetesClient client(Options options) {
    Config config;
    if (options.source() == Options.Source.KUBECONFIG) {
      Path file = Objects.requireNonNull(options.kubeconfig());
      try {
        config = Config.fromKubeconfig(Files.readString(file));
      } catch (IOException | RuntimeException e) {
        throw new IllegalArgumentException("--kubeconfig " + file + " cannot be used: " + e.getMessage(), e);
      }
    } else {
      config = Config.autoConfigure(null);
      if (System.getenv("KUBERNETES_SERVICE_HOST") == null) {
        throw new IllegalArgumentException("--in-cluster: not running in a pod (KUBERNETES_SERVICE_HOST is not set); "
            + "maybe use --kubeconfig FILE?");
      }
    }
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  static AdapterConfig adapterConfig(Options options, ExtenderConfig config) {
    String where = "config " + options.configFile() + ": ";
    try {
      AdapterConfig.Builder b = AdapterConfig.builder()
          .invalidValues(config.failOnInvalid() ? AdapterConfig.InvalidValues.FAIL : AdapterConfig.InvalidValues.IGNORE);
      if (!config.unitLabels().isEmpty()) {
        b.unitLabels(config.unitLabels());
      }
      if (config.defaultUnit() != null) {
        b.defaultUnit(config.defaultUnit());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  static PlacementEngine engine(PlacementEngine.Builder b, Options options, ExtenderConfig config) {
    String where = "config " + options.configFile() + ": ";
    try {
      for (String name : config.disabledPlugins()) {
        b.remove(name);
      }
      config.weights().forEach(b::weight);
      return b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
  }

  private static SnapshotSource snapshotFile(Path file, AdapterConfig adapterConfig, InstantSource clock) {
    ClusterSnapshot snapshot;
    try {
      snapshot = SnapshotFiles.builder().adapterConfig(adapterConfig).clock(clock).build().load(file);
    } catch (SnapshotFileException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return SnapshotSource.fixed(snapshot, "cluster snapshot " + file, clock.instant());
  }
}
