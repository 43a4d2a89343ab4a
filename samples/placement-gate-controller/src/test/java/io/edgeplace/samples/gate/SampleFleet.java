package io.edgeplace.samples.gate;

import io.edgeplace.core.kube.KubeObjects;
import io.edgeplace.core.kube.SnapshotFileException;
import io.edgeplace.core.kube.SnapshotFiles;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The sample fleet of {@code samples/deploy/snapshots/edge-fleet.yaml} (factory-berlin: amd64 with
 * kata, arm64; shop-munich: arm64, arm/v7; shop-hamburg: arm64, arm/v6) and the sample gated pod.
 */
final class SampleFleet {
  static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();

  private SampleFleet() {
  }

  /** Creates the fleet's nodes (with Ready heartbeats from now), runtime classes and placed pods. */
  static void createOn(KubernetesClient client) throws SnapshotFileException {
    KubeObjects fleet = SnapshotFiles.create().readObjects(DEPLOY.resolve("snapshots/edge-fleet.yaml"));
    for (Node node : fleet.nodes()) {
      client.nodes().resource(heartbeatNow(node)).create();
    }
    fleet.runtimeClasses().forEach(rc -> client.runtimeClasses().resource(rc).create());
    fleet.pods().forEach(p -> client.pods().resource(p).create());
  }

  /* The node with a Ready heartbeat from now (the file's are from the day it was taken). */
  private static Node heartbeatNow(Node node) {
    Node copy = new NodeBuilder(node).build();
    for (NodeCondition c : copy.getStatus().getConditions()) {
      c.setLastHeartbeatTime(Instant.now().toString());
    }
    return copy;
  }

  /** The sample gated pod (namespace {@code shops}), renamed and with {@code annotations} instead of its own. */
  static Pod gatedPod(String name, Map<String, String> annotations) throws SnapshotFileException {
    Pod sample = SnapshotFiles.create().readObjects(DEPLOY.resolve("pods/gated-pod.yaml")).pods().get(0);
    return new PodBuilder(sample).editMetadata().withName(name).withAnnotations(annotations).endMetadata().build();
  }
}
