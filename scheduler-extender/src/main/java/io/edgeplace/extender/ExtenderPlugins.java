package io.edgeplace.extender;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.engine.PluginThresholds;
import io.edgeplace.core.reservation.BandwidthReservations;

/**
 * The plugin set the extender serves: the core's {@link DefaultPlugins} at their default
 * weights, the bandwidth plugins reading the extender's reservation book, evaluated on the
 * request thread. {@code --config} changes weights, thresholds or removes plugins.
 */
final class ExtenderPlugins {
  private ExtenderPlugins() {
  }

  static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations book) {
    return builder(resolver, book, PluginThresholds.DEFAULTS);
  }

  static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations book,
                                         PluginThresholds thresholds) {
    // Sequential evaluation: on the small, shared machines an extender runs on (one CPU in the
    // Deployment), fanning one request out to a fork-join pool costs more than it saves, and
    // concurrency comes from concurrent requests anyway.
    return DefaultPlugins.builder(resolver, book, thresholds).parallelismThreshold(Integer.MAX_VALUE);
  }
}
