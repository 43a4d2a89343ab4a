package io.edgeplace.simulator.scenario;

import io.edgeplace.api.Platform;
import java.util.Set;

/** An image: its size and the platforms its index offers; {@code preloaded} of the compatible nodes have it. */
public record ImageSpec(String reference, long sizeBytes, Set<Platform> platforms, double preloaded) {
  public ImageSpec {
    platforms = Set.copyOf(platforms);
  }
}
