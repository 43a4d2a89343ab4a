package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.core.demo.DemoCluster;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.kube.AdapterConfig;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.kube.SnapshotFileException;
import io.edgeplace.core.kube.SnapshotFiles;
import io.edgeplace.extender.placement.Reservations;
import io.edgeplace.extender.placement.SnapshotSource;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * Assembles the core's pieces for the options given: the snapshot source, the engine with the
 * configured weights, the adapters with the configured unit labels, the reservation book and,
 * with {@code --bind}, the binder.
 */
final class CoreParts {
  private CoreParts() {
  }

  /**
   * @throws IllegalArgumentException for a bad snapshot or config file (exit code 2)
   */
  static Extender.Parts create(Options options, ExtenderConfig config, InstantSource clock) {
    AdapterConfig adapterConfig = adapterConfig(options, config);
    KubeAdapter adapter = KubeAdapter.create(adapterConfig);
    PlacementEngine engine = engine(options, config);
    SnapshotSource source = switch (options.source()) {
      case SNAPSHOT -> snapshotFile(Objects.requireNonNull(options.snapshotFile()), adapterConfig, clock);
      case DEMO -> {
        Instant now = clock.instant();
        yield SnapshotSource.fixed(DemoCluster.loadShiftedTo(now), "the bundled demo edge cluster", now);
      }
      case KUBECONFIG, IN_CLUSTER -> throw new IllegalStateException("live mode (--kubeconfig, --in-cluster) is not "
          + "available in this build yet; serve a snapshot file with --cluster-snapshot FILE instead");
      case NONE -> throw new IllegalArgumentException("no cluster source given");
    };
    return new Extender.Parts(source, new EnginePlacer(engine), new AdapterConverter(adapter), Reservations.NONE,
        null, List.of(), clock);
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

  static PlacementEngine engine(Options options, ExtenderConfig config) {
    String where = "config " + options.configFile() + ": ";
    try {
      PlacementEngine.Builder b = DefaultPlugins.builder();
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
