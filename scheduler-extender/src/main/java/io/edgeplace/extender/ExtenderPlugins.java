package io.edgeplace.extender;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UplinkBandwidthPlugin;
import io.edgeplace.core.reservation.BandwidthReservations;

/**
 * The plugin set the extender serves: the core's {@link DefaultPlugins} (which include the network
 * and sandbox plugins), the bandwidth plugins reading the extender's reservation book. Weights here
 * are defaults; {@code --config} changes them or removes plugins.
 */
final class ExtenderPlugins {
  /** The extender's weights of the network plugins of {@link DefaultPlugins}. */
  static final int UNIT_CONNECTIVITY_WEIGHT = 5;
  static final int UPLINK_BANDWIDTH_WEIGHT = 5;
  static final int TRAFFIC_LOCALITY_WEIGHT = 5;
  static final int IMAGE_PULL_COST_WEIGHT = 2;

  private ExtenderPlugins() {
  }

  static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations book) {
    // Sequential evaluation: on the small, shared machines an extender runs on (one CPU in the
    // Deployment), fanning one request out to a fork-join pool costs more than it saves, and
    // concurrency comes from concurrent requests anyway.
    // The core's default set already holds the network and sandbox plugins; the extender gives them
    // its reservation book and its own weights.
    return DefaultPlugins.builder(resolver, book)
        .parallelismThreshold(Integer.MAX_VALUE)
        .weight(UnitConnectivityPlugin.NAME, UNIT_CONNECTIVITY_WEIGHT)
        .weight(UplinkBandwidthPlugin.NAME, UPLINK_BANDWIDTH_WEIGHT)
        .weight(TrafficLocalityPlugin.NAME, TRAFFIC_LOCALITY_WEIGHT)
        .weight(ImagePullCostPlugin.NAME, IMAGE_PULL_COST_WEIGHT);
  }
}
