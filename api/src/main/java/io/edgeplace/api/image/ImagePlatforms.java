package io.edgeplace.api.image;

import io.edgeplace.api.Platform;
import java.util.Objects;
import java.util.Set;

/**
 * What is known of the platforms an image supports.
 *
 * @param platforms the supported platforms; empty when unknown
 * @param source    where the knowledge came from
 * @param detail    a note for explanations: the digest read, the age of a stale value, or why
 *                  nothing is known ("registry unreachable: connect timed out")
 */
public record ImagePlatforms(Set<Platform> platforms, Source source, String detail) {

  /** Where an image's platform set came from. */
  public enum Source {
    /** The pod's {@code edgeplace.io/platforms} annotation. */
    ANNOTATION,
    /** Read from the registry (an index, or a single manifest's config), fresh. */
    REGISTRY,
    /** Read from the registry earlier; the registry could not be asked again. */
    REGISTRY_STALE,
    /** Nothing is known: the pod is not rejected on its account. */
    UNKNOWN
  }

  public ImagePlatforms {
    platforms = Set.copyOf(platforms);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(detail, "detail");
    if (platforms.isEmpty() != (source == Source.UNKNOWN)) {
      throw new IllegalArgumentException("platforms must be empty exactly when the source is UNKNOWN, got "
          + platforms + " from " + source);
    }
  }

  public static ImagePlatforms unknown(String why) {
    return new ImagePlatforms(Set.of(), Source.UNKNOWN, why);
  }

  public boolean known() {
    return source != Source.UNKNOWN;
  }
}
