package io.edgeplace.simulator.scenario;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code count} apps named from {@code name} (with {@code {i}} substituted in the name, the
 * peers' and the units' names), each of {@code replicas} pods.
 */
public record AppGroup(String name, int count, String namespace, int replicas, List<ContainerSpec> containers,
                       List<ContainerSpec> initContainers, long ingressBitsPerSecond, long egressBitsPerSecond,
                       List<PeerSpec> peers, @Nullable String runtimeClass, Map<String, String> nodeSelector,
                       Set<String> architectures, List<String> units, String path) {
  public AppGroup {
    containers = List.copyOf(containers);
    initContainers = List.copyOf(initContainers);
    peers = List.copyOf(peers);
    nodeSelector = Map.copyOf(nodeSelector);
    architectures = Set.copyOf(architectures);
    units = List.copyOf(units);
  }
}
