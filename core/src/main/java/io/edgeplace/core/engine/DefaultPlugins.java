package io.edgeplace.core.engine;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.UnitAffinityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import java.util.Objects;

/**
 * The built-in plugin set and its weights. Filters run in this order: unit affinity (the
 * workload's explicit wish, cheapest), then architecture. Score plugins and their weights:
 * architecture {@value #ARCHITECTURE_WEIGHT}, unit spread {@value #UNIT_SPREAD_WEIGHT}.
 *
 * <pre>{@code
 * PlacementEngine engine = DefaultPlugins.builder(resolver)
 *     .weight(UnitSpreadPlugin.NAME, 8)   // tune a weight
 *     .executor(myExecutor)
 *     .build();
 * }</pre>
 */
public final class DefaultPlugins {

  /** The weight of {@link ArchitecturePlugin}'s score (native over compatible). */
  public static final int ARCHITECTURE_WEIGHT = 10;
  /** The weight of {@link UnitSpreadPlugin}. */
  public static final int UNIT_SPREAD_WEIGHT = 5;

  private DefaultPlugins() {
  }

  /** An engine builder holding the default plugins, without an image platform resolver. */
  public static PlacementEngine.Builder builder() {
    return builder(ImagePlatformResolver.NONE);
  }

  /** An engine builder holding the default plugins, looking image platforms up in {@code resolver}. */
  public static PlacementEngine.Builder builder(ImagePlatformResolver resolver) {
    return addTo(PlacementEngine.builder(), resolver);
  }

  /** Adds the default plugins, with their default weights, to {@code builder}. */
  public static PlacementEngine.Builder addTo(PlacementEngine.Builder builder, ImagePlatformResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    return builder
        .filter(UnitAffinityPlugin.create())
        .plugin(resolver == ImagePlatformResolver.NONE ? ArchitecturePlugin.create()
            : ArchitecturePlugin.create(resolver), ARCHITECTURE_WEIGHT)
        .score(UnitSpreadPlugin.create(), UNIT_SPREAD_WEIGHT);
  }
}
