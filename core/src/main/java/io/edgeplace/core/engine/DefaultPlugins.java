package io.edgeplace.core.engine;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.SandboxRuntimePlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitAffinityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import io.edgeplace.core.plugins.UplinkBandwidthPlugin;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The built-in plugin set and its weights. Filters run in this order: unit affinity (the
 * workload's explicit wish, cheapest), sandbox runtime (one check for most pods), architecture,
 * unit connectivity, uplink bandwidth, traffic locality (the far ends of the peer traffic).
 * Score plugins and their weights: architecture {@value #ARCHITECTURE_WEIGHT}, unit connectivity
 * {@value #UNIT_CONNECTIVITY_WEIGHT}, uplink bandwidth {@value #UPLINK_BANDWIDTH_WEIGHT}, traffic
 * locality {@value #TRAFFIC_LOCALITY_WEIGHT}, unit spread {@value #UNIT_SPREAD_WEIGHT}, image pull
 * cost {@value #IMAGE_PULL_COST_WEIGHT}. The plugins' thresholds are {@link PluginThresholds#DEFAULTS}
 * unless a {@link PluginThresholds} is given.
 *
 * <pre>{@code
 * PlacementEngine engine = DefaultPlugins.builder(resolver, reservations)
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
  /** The weight of {@link UnitConnectivityPlugin}'s score (connected over degraded units). */
  public static final int UNIT_CONNECTIVITY_WEIGHT = 5;
  /**
   * The weight of {@link UplinkBandwidthPlugin}'s score (uplink headroom). Placement is greedy:
   * with a low weight, traffic locality and image pull cost pack talkative apps into the fattest
   * uplinks until those are full and their later peers fit nowhere. The simulator's realistic
   * scenario (1,000 nodes, 1,000 pods) placed 508 pods at weight 3, 900 at 10 and all 1,000 at
   * 20, with no uplink oversubscribed at any weight.
   */
  public static final int UPLINK_BANDWIDTH_WEIGHT = 20;
  /** The weight of {@link TrafficLocalityPlugin}'s score (near the pods it talks to). */
  public static final int TRAFFIC_LOCALITY_WEIGHT = 5;
  /** The weight of {@link ImagePullCostPlugin} (time to pull the missing images). */
  public static final int IMAGE_PULL_COST_WEIGHT = 2;

  private DefaultPlugins() {
  }

  /** An engine builder holding the default plugins, without an image platform resolver or reservations. */
  public static PlacementEngine.Builder builder() {
    return builder(ImagePlatformResolver.NONE);
  }

  /** An engine builder holding the default plugins, looking image platforms up in {@code resolver}. */
  public static PlacementEngine.Builder builder(ImagePlatformResolver resolver) {
    return addTo(PlacementEngine.builder(), resolver);
  }

  /**
   * An engine builder holding the default plugins, looking image platforms up in {@code resolver}
   * and counting the uplink bandwidth held in {@code reservations}.
   */
  public static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations reservations) {
    return addTo(PlacementEngine.builder(), resolver, Objects.requireNonNull(reservations, "reservations"));
  }

  /**
   * An engine builder holding the default plugins with {@code thresholds}, looking image platforms
   * up in {@code resolver} and counting the uplink bandwidth held in {@code reservations}.
   */
  public static PlacementEngine.Builder builder(ImagePlatformResolver resolver, BandwidthReservations reservations,
                                                PluginThresholds thresholds) {
    return addTo(PlacementEngine.builder(), resolver, Objects.requireNonNull(reservations, "reservations"), thresholds);
  }

  /** Adds the default plugins, with their default weights, to {@code builder}. */
  public static PlacementEngine.Builder addTo(PlacementEngine.Builder builder, ImagePlatformResolver resolver) {
    return addTo(builder, resolver, null);
  }

  /**
   * Adds the default plugins, with their default weights, to {@code builder}; the bandwidth
   * plugins count {@code reservations} when given.
   */
  public static PlacementEngine.Builder addTo(PlacementEngine.Builder builder, ImagePlatformResolver resolver,
                                              @Nullable BandwidthReservations reservations) {
    return addTo(builder, resolver, reservations, PluginThresholds.DEFAULTS);
  }

  /**
   * Adds the default plugins, with their default weights and {@code thresholds}, to
   * {@code builder}; the bandwidth plugins count {@code reservations} when given.
   */
  public static PlacementEngine.Builder addTo(PlacementEngine.Builder builder, ImagePlatformResolver resolver,
                                              @Nullable BandwidthReservations reservations,
                                              PluginThresholds thresholds) {
    Objects.requireNonNull(resolver, "resolver");
    Objects.requireNonNull(thresholds, "thresholds");
    ArchitecturePlugin architecture = ArchitecturePlugin.builder().imagePlatformResolver(resolver)
        .crossArchitectureCompatibility(thresholds.crossArchitectureCompatibility())
        .compatibleScore(thresholds.compatibleScore()).build();
    ImagePullCostPlugin imagePullCost = ImagePullCostPlugin.builder()
        .defaultImageBytes(thresholds.defaultImageBytes())
        .unlimitedUplinkBitsPerSecond(thresholds.unlimitedUplinkBitsPerSecond()).build();
    TrafficLocalityPlugin.CostModel costs = thresholds.trafficCosts();
    return builder
        .filter(UnitAffinityPlugin.create())
        .filter(SandboxRuntimePlugin.create())
        .plugin(architecture, ARCHITECTURE_WEIGHT)
        .plugin(UnitConnectivityPlugin.create(thresholds.unitHealth()), UNIT_CONNECTIVITY_WEIGHT)
        .plugin(reservations == null ? UplinkBandwidthPlugin.create() : UplinkBandwidthPlugin.create(reservations),
            UPLINK_BANDWIDTH_WEIGHT)
        .plugin(reservations == null ? TrafficLocalityPlugin.create(costs)
            : TrafficLocalityPlugin.create(reservations, costs), TRAFFIC_LOCALITY_WEIGHT)
        .score(UnitSpreadPlugin.create(thresholds.spreadCapacity()), UNIT_SPREAD_WEIGHT)
        .score(imagePullCost, IMAGE_PULL_COST_WEIGHT);
  }
}
