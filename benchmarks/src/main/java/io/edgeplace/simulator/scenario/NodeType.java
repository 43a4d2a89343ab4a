package io.edgeplace.simulator.scenario;

import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A kind of node: platform, allocatable resources, runtime handlers, extra labels and taints. */
public record NodeType(String name, Platform platform, Resources allocatable, Set<String> runtimeHandlers,
                       Map<String, String> labels, List<Taint> taints) {
  public NodeType {
    runtimeHandlers = Set.copyOf(runtimeHandlers);
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
  }
}
