package io.edgeplace.simulator.scenario;

import java.util.List;

/** A container: its image (a list is dealt round-robin over the group's apps) and requests. */
public record ContainerSpec(String name, List<String> images, long milliCpu, long memoryBytes) {
  public ContainerSpec {
    images = List.copyOf(images);
  }
}
