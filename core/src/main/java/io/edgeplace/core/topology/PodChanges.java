package io.edgeplace.core.topology;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.core.kube.KubeAdapter;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Optional;

/**
 * The incremental step {@link KubernetesTopologySource} takes for one pod event, public so that
 * benchmarks measure the very code the source runs: convert the pod once, then
 * {@link ClusterSnapshot#withPod}/{@link ClusterSnapshot#withoutPod} (time proportional to the
 * node count, never to the pod count). Stateless.
 */
public final class PodChanges {
  private PodChanges() {
  }

  /**
   * {@code snapshot} after {@code pod} was added or updated: placed on its node, or removed when
   * it is not bound or has terminated; {@code snapshot} itself when nothing placement sees changed.
   *
   * @throws RuntimeException from the adapter when the pod cannot be converted (the source logs it)
   */
  public static ClusterSnapshot applied(ClusterSnapshot snapshot, Pod pod, KubeAdapter adapter, Instant now) {
    Optional<PlacedPod> placed = adapter.placedPod(pod);
    if (placed.isPresent()) {
      PlacedPod p = placed.get();
      Optional<PlacedPod> old = snapshot.pod(p.namespace(), p.name());
      if (old.isPresent() && old.get().equals(p)) {
        return snapshot;
      }
      return snapshot.withPod(p).withTime(now);
    }
    return deleted(snapshot, pod, now);
  }

  /** {@code snapshot} without {@code pod}; itself when it did not hold it. */
  public static ClusterSnapshot deleted(ClusterSnapshot snapshot, Pod pod, Instant now) {
    String ns = pod.getMetadata().getNamespace();
    ClusterSnapshot next = snapshot.withoutPod(ns == null ? "" : ns, pod.getMetadata().getName());
    return next == snapshot ? snapshot : next.withTime(now);
  }
}
