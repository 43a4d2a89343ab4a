package io.edgeplace.api;

import java.util.Objects;
import java.util.Set;

/**
 * A container of a workload and the platforms its image supports.
 *
 * @param name      the container name
 * @param image     the image reference as written in the pod spec
 * @param platforms the platforms the image supports; empty when unknown (an unknown platform set
 *                  never rejects a node: the image resolver fills it in when it can)
 * @param requests  the container's resource requests
 */
public record Container(String name, String image, Set<Platform> platforms, Resources requests) {
  public Container {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(requests, "requests");
    platforms = Set.copyOf(platforms);
  }

  public static Container of(String name, String image, Set<Platform> platforms) {
    return new Container(name, image, platforms, Resources.ZERO);
  }

  public boolean platformsKnown() {
    return !platforms.isEmpty();
  }

  public Container withPlatforms(Set<Platform> newPlatforms) {
    return new Container(name, image, newPlatforms, requests);
  }
}
