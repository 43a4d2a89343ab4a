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
 * The plugin set the extender serves: the core's {@link DefaultPlugins} plus the network and
 * sandbox plugins, the bandwidth plugins reading the extender's reservation book. Weights here
 * are defaults; {@code --config} changes them or removes plugins.
 */
final class ExtenderPlugins {
  /** Default weights of the plugins added to {@link DefaultPlugins}. */
  static final int UNIT_CONNECTIVITY_WEIGHT = 5;
  static final int UPLINK_BANDWIDTH_WEIGHT = 5;
  static final int TRAFFIC_LOCALITY_WEIGHT = 5;
  static final int IMAGE_PULL_COST_WEIGHT = 2;

  private ExtenderPlugins() {
  }

  static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations book) {
    // DefaultPlugins already holds the sandbox and network plugins: adding them again fails
    // the engine builder ("added twice"); only the extender's weights are set here.
    return DefaultPlugins.builder(resolver, book)
        .weight(UnitConnectivityPlugin.NAME, UNIT_CONNECTIVITY_WEIGHT)
        .weight(UplinkBandwidthPlugin.NAME, UPLINK_BANDWIDTH_WEIGHT)
        .weight(TrafficLocalityPlugin.NAME, TRAFFIC_LOCALITY_WEIGHT)
        .weight(ImagePullCostPlugin.NAME, IMAGE_PULL_COST_WEIGHT);
  }
}
