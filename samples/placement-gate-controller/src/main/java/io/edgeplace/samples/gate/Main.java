package io.edgeplace.samples.gate;

import io.edgeplace.core.image.RegistryImagePlatformResolver;
import io.edgeplace.core.store.FileSnapshotStore;
import io.edgeplace.core.topology.KubernetesTopologySource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the placement-gate controller against the cluster of the current kubeconfig (or in-cluster
 * credentials) until the process is stopped.
 *
 * <pre>
 * Main [CACHE_DIR]
 * </pre>
 *
 * The cluster topology and the image platforms read from registries are persisted in
 * {@code CACHE_DIR} (default {@code ./edgeplace-cache}), so that a restart while the API server or
 * a registry is unreachable decides on what was last known.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    KubernetesClient client = new KubernetesClientBuilder().build();
    AutoCloseable running = start(client, Path.of(args.length > 0 ? args[0] : "edgeplace-cache"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        running.close();
      } catch (Exception e) {
        System.err.println("stopping: " + e);
      }
      client.close();
      stopped.countDown();
    }, "edgeplace-shutdown"));
    stopped.await();
  }

  /**
   * The whole wiring: a file store in {@code cacheDir}, the live topology and the registry image
   * resolver persisted there, and the controller on top. Returns at once; closing stops them all
   * (the topology persists its last snapshot).
   */
  static AutoCloseable start(KubernetesClient client, Path cacheDir) {
    // README:begin
    FileSnapshotStore store = FileSnapshotStore.builder(cacheDir).build();
    RegistryImagePlatformResolver images = RegistryImagePlatformResolver.builder().persistTo(store).build();
    KubernetesTopologySource topology = KubernetesTopologySource.builder(client).store(store).build().start();
    PlacementGateController controller = PlacementGateController.builder(client, topology)
        .imagePlatformResolver(images)
        .build()
        .start();
    // README:end
    return () -> {
      controller.close();
      topology.close();
      images.close();
    };
  }
}
