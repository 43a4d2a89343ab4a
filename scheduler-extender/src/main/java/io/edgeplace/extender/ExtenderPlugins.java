package io.edgeplace.extender;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.SandboxRuntimePlugin;
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
    // Sequential evaluation: on the small, shared machines an extender runs on (one CPU in the
    // Deployment), fanning one request out to a fork-join pool costs more than it saves, and
    // concurrency comes from concurrent requests anyway.
    return DefaultPlugins.builder(resolver)
        .parallelismThreshold(Integer.MAX_VALUE)
        .filter(SandboxRuntimePlugin.create())
        .plugin(UnitConnectivityPlugin.create(), UNIT_CONNECTIVITY_WEIGHT)
        .plugin(UplinkBandwidthPlugin.create(book), UPLINK_BANDWIDTH_WEIGHT)
        .plugin(TrafficLocalityPlugin.create(book), TRAFFIC_LOCALITY_WEIGHT)
        .score(ImagePullCostPlugin.create(), IMAGE_PULL_COST_WEIGHT);
  }
}
