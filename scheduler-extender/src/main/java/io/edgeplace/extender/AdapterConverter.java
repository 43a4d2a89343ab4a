package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.extender.placement.KubeConverter;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The core's {@link KubeAdapter} as the extender's {@link KubeConverter}. Overlaying request
 * nodes replaces the snapshot's nodes of the same names; a unit that the snapshot does not know
 * is added as the request's nodes describe it, a unit it knows keeps the snapshot's uplink
 * (which all its nodes, not only the requested ones, determine).
 */
final class AdapterConverter implements KubeConverter {
  private final KubeAdapter adapter;

  AdapterConverter(KubeAdapter adapter) {
    this.adapter = Objects.requireNonNull(adapter, "adapter");
  }

  @Override
  public Workload workload(Pod pod) {
    return adapter.workload(pod);
  }

  @Override
  public ClusterSnapshot overlay(ClusterSnapshot snapshot, List<io.fabric8.kubernetes.api.model.Node> nodes) {
    List<Node> converted = new ArrayList<>(nodes.size());
    for (io.fabric8.kubernetes.api.model.Node n : nodes) {
      converted.add(adapter.node(n));
    }
    ClusterSnapshot.Builder b = snapshot.toBuilder().nodes(converted);
    for (Unit u : adapter.units(converted, List.of())) {
      if (snapshot.unitIndex(u.name()) < 0) {
        b.unit(u);
      }
    }
    return b.build();
  }
}
