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
 * credentials), until it is stopped.
 *
 * <pre>
 * java -cp … io.edgeplace.samples.gate.Main [CACHE_DIR]
 * </pre>
 *
 * The topology and the image platforms read from registries are persisted in {@code CACHE_DIR}
 * (default {@code ./edgeplace-cache}), so that a restart while the API server or a registry is
 * unreachable decides on what was last known.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    Path cacheDir = Path.of(args.length > 0 ? args[0] : "edgeplace-cache");
    FileSnapshotStore store = FileSnapshotStore.builder(cacheDir).build();
    KubernetesClient client = new KubernetesClientBuilder().build();
    RegistryImagePlatformResolver images = RegistryImagePlatformResolver.builder().persistTo(store).build();
    KubernetesTopologySource topology = KubernetesTopologySource.builder(client).store(store).build().start();
    PlacementGateController controller = PlacementGateController.builder(client, topology)
        .imagePlatformResolver(images)
        .build()
        .start();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      controller.close();
      topology.close();   // persists the last snapshot
      images.close();
      client.close();
      stopped.countDown();
    }, "edgeplace-shutdown"));
    stopped.await();
  }
}
