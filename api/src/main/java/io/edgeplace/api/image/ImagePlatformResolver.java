package io.edgeplace.api.image;

/**
 * Tells which platforms an image supports. Implementations answer from what they already know
 * and never block on the network: a lookup that is not cached yet answers
 * {@link ImagePlatforms#unknown} and starts fetching in the background.
 */
@FunctionalInterface
public interface ImagePlatformResolver {

  /** A resolver that knows nothing: every image is unknown and is never rejected. */
  ImagePlatformResolver NONE = image -> ImagePlatforms.unknown("no image platform resolver is configured");

  /**
   * The platforms of {@code imageReference} (as written in a pod spec, such as {@code nginx},
   * {@code ghcr.io/acme/app:1.2} or {@code registry:5000/x@sha256:…}).
   */
  ImagePlatforms lookup(String imageReference);
}
