package io.edgeplace.extender;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeplace.core.engine.PluginThresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code --config} file: plugin weights, plugins to leave out, unit label keys and
 * thresholds. YAML (or JSON), read strictly: an unknown key, a wrong type or a value out of
 * range is an error naming the key, its path and the value. Every key is optional.
 *
 * <pre>{@code
 * weights:                 # score plugin name -> weight in [1, 100]
 *   architecture: 10
 *   unit-spread: 5
 * disabledPlugins: []      # plugin names to leave out of the engine
 * unitLabels:              # node label keys naming a node's unit, first present wins
 *   - edgeplace.io/unit
 *   - apps.openyurt.io/nodepool
 * defaultUnit: default     # the unit of nodes without any of those labels
 * invalidValues: ignore    # ignore (log and treat as absent) or fail, for malformed annotations
 * reservationTtl: 30s      # how long a bandwidth hold lives without the pod showing up bound
 * thresholds:              # plugin name -> its thresholds; every key optional
 *   unit-connectivity:
 *     staleAfter: 50s      # a heartbeat older than this is stale; a unit with only stale ones is disconnected
 *     evictionAfter: 5m    # when explanations say a disconnected unit's pods are being evicted
 *   image-pull-cost:
 *     defaultImageSize: 200Mi   # assumed size of an image no node reports (bytes, a Kubernetes quantity)
 *     unlimitedUplink: 1G       # assumed uplink of a unit without edgeplace.io/uplink-bandwidth (bits/s)
 *   traffic-locality:
 *     sameUnitCost: 1      # cost per bit/s of peer traffic to another node of the unit
 *     sameRegionCost: 10   # ... to another unit of the region (plus uplink latencies in ms)
 *     acrossWanCost: 100   # ... across regions (plus uplink latencies in ms)
 *   architecture:
 *     crossArchitectureCompatibility: false  # arm64 nodes run arm/v7 images, amd64 runs 386, ...
 *     compatibleScore: 50  # score of such a compatible match, native scores 100
 *   unit-spread:
 *     capacity: cpu        # cpu or nodes: what a unit's fair share of replicas is measured in
 * }</pre>
 *
 * @param weights         score plugin weights to set, by plugin name
 * @param disabledPlugins plugins to remove from the default set
 * @param unitLabels      unit label keys, or empty for the default chain
 * @param defaultUnit     the unit of unlabeled nodes, or null for the default
 * @param failOnInvalid   true to reject malformed annotations, false to log and ignore them
 * @param reservationTtl  the lifetime of a bandwidth hold, or null for the default
 * @param thresholds      the plugins' thresholds, {@link PluginThresholds#DEFAULTS} where none is set
 */
public record ExtenderConfig(Map<String, Integer> weights, List<String> disabledPlugins, List<String> unitLabels,
                             @Nullable String defaultUnit, boolean failOnInvalid, @Nullable Duration reservationTtl,
                             PluginThresholds thresholds) {

  /** Nothing configured: every default applies. */
  public static final ExtenderConfig DEFAULTS =
      new ExtenderConfig(Map.of(), List.of(), List.of(), null, false, null, PluginThresholds.DEFAULTS);

  private static final Set<String> KEYS = Set.of("weights", "disabledPlugins", "unitLabels", "defaultUnit",
      "invalidValues", "reservationTtl", "thresholds");
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  public ExtenderConfig {
    weights = Map.copyOf(weights);
    disabledPlugins = List.copyOf(disabledPlugins);
    unitLabels = List.copyOf(unitLabels);
    Objects.requireNonNull(thresholds, "thresholds");
  }

  /**
   * Reads a config file.
   *
   * @throws IllegalArgumentException naming the file, the key and the value
   */
  public static ExtenderConfig load(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("config " + file + " cannot be read: " + e, e);
    }
    return parse(file.toString(), bytes);
  }

  /** Reads config text; {@code name} names it in errors. */
  public static ExtenderConfig parse(String name, byte[] yaml) {
    JsonNode root;
    try {
      YAMLFactory yf = YAMLFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
      root = new ObjectMapper(yf).readTree(yaml);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("config " + name + " is not valid YAML: " + firstLine(e.getMessage()), e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return DEFAULTS;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException("config " + name + " must be a mapping of keys " + sorted(KEYS)
          + ", got " + kind(root));
    }
    Map<String, Integer> weights = new LinkedHashMap<>();
    List<String> disabled = new ArrayList<>();
    List<String> unitLabels = new ArrayList<>();
    String defaultUnit = null;
    boolean fail = false;
    Duration ttl = null;
    PluginThresholds thresholds = PluginThresholds.DEFAULTS;
    Set<String> thresholdPlugins = Set.of();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode v = e.getValue();
      switch (key) {
        case "weights" -> {
          if (!v.isObject()) {
            throw bad(name, key, v, "a mapping of score plugin name to weight");
          }
          for (Iterator<Map.Entry<String, JsonNode>> w = v.fields(); w.hasNext(); ) {
            Map.Entry<String, JsonNode> we = w.next();
            JsonNode wv = we.getValue();
            if (!wv.isIntegralNumber() || !wv.canConvertToLong() || wv.asLong() < 1 || wv.asLong() > 100) {
              throw bad(name, "weights." + we.getKey(), wv, "a whole number in [1, 100]; maybe list the plugin "
                  + "under disabledPlugins instead of weighing it 0?");
            }
            weights.put(we.getKey(), wv.intValue());
          }
        }
        case "disabledPlugins" -> disabled.addAll(strings(name, key, v));
        case "unitLabels" -> {
          unitLabels.addAll(strings(name, key, v));
          if (unitLabels.isEmpty()) {
            throw bad(name, key, v, "at least one label key; leave unitLabels out for the default chain");
          }
        }
        case "defaultUnit" -> {
          if (!v.isTextual() || v.asText().isBlank()) {
            throw bad(name, key, v, "a unit name");
          }
          defaultUnit = v.asText();
        }
        case "invalidValues" -> {
          String s = v.isTextual() ? v.asText().toLowerCase(Locale.ROOT) : "";
          if (!s.equals("ignore") && !s.equals("fail")) {
            throw bad(name, key, v, "ignore or fail");
          }
          fail = s.equals("fail");
        }
        case "reservationTtl" -> ttl = duration(name, key, v, Duration.ofSeconds(1), Duration.ofHours(24));
        case "thresholds" -> {
          ThresholdKeys t = ThresholdKeys.read(name, v);
          thresholds = t.thresholds();
          thresholdPlugins = t.plugins();
        }
        default -> throw new IllegalArgumentException("config " + name + ": unknown key \"" + key + "\"; known keys: "
            + sorted(KEYS) + ". Maybe a typo?");
      }
    }
    for (String d : disabled) {
      if (weights.containsKey(d)) {
        throw new IllegalArgumentException("config " + name + ": plugin \"" + d + "\" is both weighed (weights." + d
            + ") and listed in disabledPlugins; keep one");
      }
    }
    for (String d : disabled) {
      if (thresholdPlugins.contains(d)) {
        throw new IllegalArgumentException("config " + name + ": plugin \"" + d + "\" has thresholds (thresholds." + d
            + ") and is listed in disabledPlugins; keep one");
      }
    }
    return new ExtenderConfig(weights, disabled, unitLabels, defaultUnit, fail, ttl, thresholds);
  }

  private static List<String> strings(String name, String key, JsonNode v) {
    if (!v.isArray()) {
      throw bad(name, key, v, "a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual() || item.asText().isBlank()) {
        throw bad(name, key + "[" + i + "]", item, "a non-empty string");
      }
      out.add(item.asText());
    }
    return out;
  }

  static Duration duration(String name, String key, JsonNode v, Duration min, Duration max) {
    Matcher m = v.isTextual() ? DURATION.matcher(v.asText().trim()) : null;
    if (m == null || !m.matches()) {
      throw bad(name, key, v, "a duration such as 30s, 500ms, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw bad(name, key, v, "a duration between " + text(min) + " and " + text(max));
    }
    return d;
  }

  private static String text(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  static IllegalArgumentException bad(String name, String path, JsonNode v, String expected) {
    return new IllegalArgumentException("config " + name + ": " + path + " is " + kind(v)
        + (v.isValueNode() ? " " + v : "") + "; expected " + expected);
  }

  static String kind(JsonNode v) {
    if (v.isObject()) {
      return "a mapping";
    }
    if (v.isArray()) {
      return "a list";
    }
    if (v.isTextual()) {
      return "the string";
    }
    if (v.isNumber()) {
      return "the number";
    }
    if (v.isBoolean()) {
      return "the boolean";
    }
    return v.isNull() ? "null" : v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  static List<String> sorted(Set<String> keys) {
    List<String> l = new ArrayList<>(keys);
    l.sort(null);
    return l;
  }

  private static String firstLine(@Nullable String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
