package io.edgeplace.extender;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplace.core.engine.PluginThresholds;
import io.edgeplace.core.kube.Quantities;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitConnectivityPlugin;
import io.edgeplace.core.plugins.UnitHealth;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code thresholds:} section of the {@code --config} file, keyed like {@code weights:} by
 * plugin name, then by setting. Every value is checked here, with its key path
 * ({@code thresholds.unit-connectivity.staleAfter}) in the error, so that the core never sees a
 * value it would refuse.
 *
 * <table>
 *   <caption>keys, units and ranges</caption>
 *   <tr><th>key</th><th>value</th><th>default</th></tr>
 *   <tr><td>unit-connectivity.staleAfter</td><td>duration, 1s–24h</td><td>50s</td></tr>
 *   <tr><td>unit-connectivity.evictionAfter</td><td>duration, 1s–24h, at least staleAfter</td><td>5m</td></tr>
 *   <tr><td>image-pull-cost.defaultImageSize</td><td>bytes (quantity), 1–1Ti</td><td>200Mi</td></tr>
 *   <tr><td>image-pull-cost.unlimitedUplink</td><td>bits/s (quantity), 1–1T</td><td>1G</td></tr>
 *   <tr><td>traffic-locality.sameUnitCost, sameRegionCost, acrossWanCost</td>
 *       <td>whole numbers 0–1000, not decreasing with distance</td><td>1, 10, 100</td></tr>
 *   <tr><td>architecture.crossArchitectureCompatibility</td><td>true or false</td><td>false</td></tr>
 *   <tr><td>architecture.compatibleScore</td><td>whole number 0–100</td><td>50</td></tr>
 *   <tr><td>unit-spread.capacity</td><td>cpu or nodes</td><td>cpu</td></tr>
 * </table>
 *
 * @param thresholds what the section sets, the defaults elsewhere
 * @param plugins    the plugins the section names
 */
record ThresholdKeys(PluginThresholds thresholds, Set<String> plugins) {

  /** Plugin name → its keys, in the order the docs list them. */
  static final Map<String, List<String>> KEYS = keys();

  static final Duration MIN_DURATION = Duration.ofSeconds(1);
  static final Duration MAX_DURATION = Duration.ofHours(24);
  static final long MAX_IMAGE_BYTES = 1L << 40;
  static final long MAX_UPLINK = 1_000_000_000_000L;

  private static Map<String, List<String>> keys() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put(UnitConnectivityPlugin.NAME, List.of("staleAfter", "evictionAfter"));
    m.put(ImagePullCostPlugin.NAME, List.of("defaultImageSize", "unlimitedUplink"));
    m.put(TrafficLocalityPlugin.NAME, List.of("sameUnitCost", "sameRegionCost", "acrossWanCost"));
    m.put(ArchitecturePlugin.NAME, List.of("crossArchitectureCompatibility", "compatibleScore"));
    m.put(UnitSpreadPlugin.NAME, List.of("capacity"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /**
   * Reads the value of {@code thresholds}.
   *
   * @param name the config file's name, for errors
   * @throws IllegalArgumentException naming the key path and the value
   */
  static ThresholdKeys read(String name, JsonNode section) {
    if (!section.isObject()) {
      throw ExtenderConfig.bad(name, "thresholds", section, "a mapping of plugin name to its thresholds; plugins "
          + "with thresholds: " + KEYS.keySet());
    }
    PluginThresholds.Builder b = PluginThresholds.builder();
    Set<String> plugins = new LinkedHashSet<>();
    Duration stale = null;
    Duration evict = null;
    JsonNode staleNode = null;
    JsonNode evictNode = null;
    long[] costs = {TrafficLocalityPlugin.SAME_UNIT, TrafficLocalityPlugin.SAME_REGION, TrafficLocalityPlugin.ACROSS_WAN};
    boolean costsSet = false;
    String compatibleScorePath = null;
    boolean crossArchitecture = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> pe = it.next();
      String plugin = pe.getKey();
      List<String> known = KEYS.get(plugin);
      String at = "thresholds." + plugin;
      if (known == null) {
        throw new IllegalArgumentException("config " + name + ": " + at + ": unknown plugin \"" + plugin
            + "\"; plugins with thresholds: " + KEYS.keySet() + ". Maybe a typo?");
      }
      JsonNode settings = pe.getValue();
      if (settings.isNull() || settings.isMissingNode() || (settings.isTextual() && settings.asText().isEmpty())) {
        continue; // "unit-connectivity:" with every key commented out: the defaults
      }
      if (!settings.isObject()) {
        throw ExtenderConfig.bad(name, at, settings, "a mapping of " + known);
      }
      plugins.add(plugin);
      for (Iterator<Map.Entry<String, JsonNode>> st = settings.fields(); st.hasNext(); ) {
        Map.Entry<String, JsonNode> se = st.next();
        String key = se.getKey();
        JsonNode v = se.getValue();
        String path = at + "." + key;
        switch (plugin + "." + key) {
          case "unit-connectivity.staleAfter" -> {
            stale = ExtenderConfig.duration(name, path, v, MIN_DURATION, MAX_DURATION);
            staleNode = v;
          }
          case "unit-connectivity.evictionAfter" -> {
            evict = ExtenderConfig.duration(name, path, v, MIN_DURATION, MAX_DURATION);
            evictNode = v;
          }
          case "image-pull-cost.defaultImageSize" ->
              b.defaultImageBytes(quantity(name, path, v, true, MAX_IMAGE_BYTES));
          case "image-pull-cost.unlimitedUplink" ->
              b.unlimitedUplinkBitsPerSecond(quantity(name, path, v, false, MAX_UPLINK));
          case "traffic-locality.sameUnitCost" -> {
            costs[0] = whole(name, path, v, 0, TrafficLocalityPlugin.CostModel.MAX_COST);
            costsSet = true;
          }
          case "traffic-locality.sameRegionCost" -> {
            costs[1] = whole(name, path, v, 0, TrafficLocalityPlugin.CostModel.MAX_COST);
            costsSet = true;
          }
          case "traffic-locality.acrossWanCost" -> {
            costs[2] = whole(name, path, v, 0, TrafficLocalityPlugin.CostModel.MAX_COST);
            costsSet = true;
          }
          case "architecture.crossArchitectureCompatibility" -> {
            if (!v.isBoolean()) {
              throw ExtenderConfig.bad(name, path, v, "true or false");
            }
            b.crossArchitectureCompatibility(v.booleanValue());
            crossArchitecture = v.booleanValue();
          }
          case "architecture.compatibleScore" -> {
            int score = (int) whole(name, path, v, 0, ArchitecturePlugin.NATIVE_SCORE);
            b.compatibleScore(score);
            if (score != ArchitecturePlugin.COMPATIBLE_SCORE) {
              compatibleScorePath = path + " (" + score + ")";
            }
          }
          case "unit-spread.capacity" -> {
            String s = v.isTextual() ? v.asText().trim().toLowerCase(Locale.ROOT) : "";
            if (!s.equals("cpu") && !s.equals("nodes")) {
              throw ExtenderConfig.bad(name, path, v, "cpu or nodes");
            }
            b.spreadCapacity(s.equals("cpu") ? UnitSpreadPlugin.Capacity.CPU : UnitSpreadPlugin.Capacity.NODES);
          }
          default -> throw new IllegalArgumentException("config " + name + ": " + path + ": unknown key \"" + key
              + "\"; keys of " + at + ": " + known + ". Maybe a typo?");
        }
      }
    }
    if (compatibleScorePath != null && !crossArchitecture) {
      throw new IllegalArgumentException("config " + name + ": " + compatibleScorePath + " is set, but "
          + "thresholds.architecture.crossArchitectureCompatibility is not true, so no match is ever compatible "
          + "and the score would never apply. Maybe add crossArchitectureCompatibility: true?");
    }
    if (stale != null || evict != null) {
      Duration s = stale != null ? stale : UnitHealth.DEFAULT_STALE_AFTER;
      Duration e = evict != null ? evict : UnitHealth.DEFAULT_EVICTION_AFTER;
      if (e.compareTo(s) < 0) {
        throw new IllegalArgumentException("config " + name + ": thresholds.unit-connectivity.evictionAfter "
            + shown(evictNode, "5m (the default)") + " is shorter than thresholds.unit-connectivity.staleAfter "
            + shown(staleNode, "50s (the default)") + "; pods are evicted only after a node is stale. Maybe set "
            + "evictionAfter to at least staleAfter?");
      }
      b.unitHealth(UnitHealth.of(s, e));
    }
    if (costsSet) {
      if (costs[0] > costs[1] || costs[1] > costs[2]) {
        throw new IllegalArgumentException("config " + name + ": thresholds.traffic-locality.sameUnitCost " + costs[0]
            + ", sameRegionCost " + costs[1] + " and acrossWanCost " + costs[2] + " (defaults for those not set: "
            + TrafficLocalityPlugin.SAME_UNIT + ", " + TrafficLocalityPlugin.SAME_REGION + ", "
            + TrafficLocalityPlugin.ACROSS_WAN + ") do not grow with distance; a farther peer must cost at least as much. "
            + "Maybe set all three?");
      }
      b.trafficCosts(new TrafficLocalityPlugin.CostModel(costs[0], costs[1], costs[2]));
    }
    return new ThresholdKeys(b.build(), Set.copyOf(plugins));
  }

  private static String shown(@Nullable JsonNode v, String otherwise) {
    return v == null ? otherwise : v.asText();
  }

  private static long whole(String name, String path, JsonNode v, long min, long max) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
      throw ExtenderConfig.bad(name, path, v, "a whole number in [" + min + ", " + max + "]");
    }
    return v.asLong();
  }

  /* Whether the quantity is below 1 exactly (0.5, 500m), before rounding up. */
  private static boolean belowOne(String quantity) {
    try {
      return Quantities.milliCpu(quantity) < 1000;
    } catch (IllegalArgumentException tooLargeForMillis) {
      return false;
    }
  }

  /* A positive Kubernetes quantity (200Mi, 1G) or a plain whole number, at most max. */
  private static long quantity(String name, String path, JsonNode v, boolean bytes, long max) {
    String expected = bytes
        ? "a size in bytes such as 200Mi, 1Gi or 500M (a Kubernetes quantity), at most 1Ti"
        : "a bandwidth in bits/s such as 1G, 100M or 500k (a Kubernetes quantity), at most 1T";
    long n;
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      n = v.asLong();
    } else if (v.isTextual()) {
      String text = v.asText().trim();
      try {
        n = bytes ? Quantities.bytes(text) : Quantities.bitsPerSecond(text);
      } catch (IllegalArgumentException e) {
        throw ExtenderConfig.bad(name, path, v, expected);
      }
      if (belowOne(text)) {
        // rounded up to 1, silently: "500m" is 0.5 (milli), almost surely meant as 500M
        throw ExtenderConfig.bad(name, path, v, expected + "; it is below 1 (a lowercase m means milli, "
            + "as in CPU quantities)");
      }
    } else {
      throw ExtenderConfig.bad(name, path, v, expected);
    }
    if (n <= 0 || n > max) {
      throw ExtenderConfig.bad(name, path, v, expected);
    }
    return n;
  }
}
