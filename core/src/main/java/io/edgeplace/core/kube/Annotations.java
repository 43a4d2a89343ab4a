package io.edgeplace.core.kube;

import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Platform;
import io.edgeplace.api.TrafficPeer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parsers for the values of the annotations edgeplace reads (keys in
 * {@link io.edgeplace.api.WellKnownKeys}). Lists are comma-separated; blanks around items are
 * ignored. Every parser throws {@link InvalidValueException} naming the value, the offending
 * item and what was expected.
 */
public final class Annotations {
  private Annotations() {
  }

  /** {@code edgeplace.io/platforms}: {@code linux/arm64,linux/arm/v7}; at least one platform. */
  public static Set<Platform> platforms(String value) {
    Set<Platform> result = new LinkedHashSet<>();
    for (String item : items(value, "a platform such as linux/arm64")) {
      try {
        result.add(Platform.parse(item));
      } catch (IllegalArgumentException e) {
        throw new InvalidValueException(value, "has an invalid platform \"" + item
            + "\"; expected os/arch or os/arch/variant, comma-separated; Maybe \"linux/amd64,linux/arm64\"?");
      }
    }
    return Set.copyOf(result);
  }

  /**
   * {@code edgeplace.io/traffic-peers}: {@code app=broker:20M,app=db:5M}, each a label selector
   * (pairs joined by {@code &}, as in {@code app=db&tier=edge}), a colon, and a bandwidth in bits/s.
   * An empty value declares no peers.
   */
  public static List<TrafficPeer> trafficPeers(String value) {
    if (value.isBlank()) {
      return List.of();
    }
    List<TrafficPeer> result = new ArrayList<>();
    for (String item : items(value, "a peer such as app=broker:20M")) {
      int colon = item.lastIndexOf(':');
      if (colon < 0) {
        throw new InvalidValueException(value, "has a peer \"" + item
            + "\" without a bandwidth; expected selector:bandwidth; Maybe \"" + item + ":10M\"?");
      }
      String selectorText = item.substring(0, colon).trim();
      String bandwidthText = item.substring(colon + 1).trim();
      LabelSelector selector = selector(value, selectorText);
      long bps;
      try {
        bps = Quantities.bitsPerSecond(bandwidthText);
      } catch (InvalidValueException e) {
        throw new InvalidValueException(value, "has a peer \"" + item + "\" whose bandwidth " + e.getMessage());
      }
      result.add(new TrafficPeer(selector, bps));
    }
    return List.copyOf(result);
  }

  private static LabelSelector selector(String value, String text) {
    if (text.isEmpty()) {
      throw new InvalidValueException(value, "has a peer without a label selector; expected key=value before ':'; "
          + "Maybe \"app=broker:20M\"?");
    }
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : text.split("&", -1)) {
      String p = pair.trim();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new InvalidValueException(value, "has a selector term \"" + p
            + "\" that is not key=value; join several terms with '&', as in \"app=db&tier=edge:5M\"");
      }
      String k = p.substring(0, eq).trim();
      String v = p.substring(eq + 1).trim();
      if (v.startsWith("=")) {
        v = v.substring(1).trim(); // "app==db", as kubectl allows
      }
      if (!Names.isLabelKey(k)) {
        throw new InvalidValueException(value, "has an invalid label key \"" + k
            + "\"; expected an optional DNS prefix and '/', then up to 63 letters, digits, '-', '_' or '.'");
      }
      if (!Names.isLabelValue(v)) {
        throw new InvalidValueException(value, "has an invalid label value \"" + v + "\" for key \"" + k
            + "\"; expected up to 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric");
      }
      if (pairs.putIfAbsent(k, v) != null) {
        throw new InvalidValueException(value, "repeats the label key \"" + k + "\" in one selector");
      }
    }
    return new LabelSelector(pairs);
  }

  /** {@code edgeplace.io/runtime-handlers}: {@code runc,kata,gvisor}; an empty value declares none. */
  public static Set<String> runtimeHandlers(String value) {
    if (value.isBlank()) {
      return Set.of();
    }
    Set<String> result = new LinkedHashSet<>();
    for (String item : items(value, "a runtime handler such as kata")) {
      if (!Names.isDnsLabel(item)) {
        throw new InvalidValueException(value, "has an invalid runtime handler \"" + item
            + "\"; expected lower-case letters, digits and '-' (a DNS label), comma-separated, such as \"runc,kata\"");
      }
      result.add(item);
    }
    return Set.copyOf(result);
  }

  /** {@code edgeplace.io/allowed-units}: {@code hz-1,hz-2}; must name at least one unit. */
  public static Set<String> allowedUnits(String value) {
    if (value.isBlank()) {
      throw new InvalidValueException(value, "names no unit; remove the annotation to allow every unit, "
          + "or list units such as \"factory-1,shop-2\"");
    }
    Set<String> result = new LinkedHashSet<>();
    for (String item : items(value, "a unit name such as factory-1")) {
      if (!Names.isLabelValue(item)) {
        throw new InvalidValueException(value, "has an invalid unit name \"" + item
            + "\"; unit names are label values: up to 63 letters, digits, '-', '_' or '.'");
      }
      result.add(item);
    }
    return Set.copyOf(result);
  }

  /** A bandwidth annotation ({@code kubernetes.io/ingress-bandwidth}, {@code edgeplace.io/uplink-bandwidth}), bits/s. */
  public static long bandwidth(String value) {
    try {
      return Quantities.bitsPerSecond(value.trim());
    } catch (InvalidValueException e) {
      throw new InvalidValueException(value, e.problem()); // name the value as written, blanks included
    }
  }

  /** An uplink bandwidth: like {@link #bandwidth} but it must be positive. */
  public static long uplinkBandwidth(String value) {
    long bps = bandwidth(value);
    if (bps <= 0) {
      throw new InvalidValueException(value, "is not a usable uplink bandwidth: it must be positive; "
          + "remove the annotation when the uplink is unknown (unlimited), Maybe \"100M\"?");
    }
    return bps;
  }

  /** {@code edgeplace.io/uplink-latency}: a Go duration such as {@code 40ms}. */
  public static Duration latency(String value) {
    try {
      return Quantities.duration(value.trim());
    } catch (InvalidValueException e) {
      throw new InvalidValueException(value, e.problem()); // name the value as written, blanks included
    }
  }

  /** {@code edgeplace.io/network-mode}: {@code public-vxlan}, {@code public-ipsec}, {@code private-vxlan} or {@code host-network}. */
  public static NetworkMode networkMode(String value) {
    String v = value.trim();
    for (NetworkMode mode : NetworkMode.values()) {
      if (mode != NetworkMode.UNKNOWN && mode.label().equals(v)) {
        return mode;
      }
    }
    throw new InvalidValueException(value,
        "is not a network mode; expected one of public-vxlan, public-ipsec, private-vxlan, host-network");
  }

  /* Comma-separated, trimmed, non-empty items. */
  private static List<String> items(String value, String example) {
    if (value.isBlank()) {
      throw new InvalidValueException(value, "is empty; expected a comma-separated list of " + example);
    }
    String[] parts = value.split(",", -1);
    List<String> items = new ArrayList<>(parts.length);
    for (String part : parts) {
      String item = part.trim();
      if (item.isEmpty()) {
        throw new InvalidValueException(value, "has an empty item; expected a comma-separated list of " + example
            + " with no empty entries");
      }
      items.add(item);
    }
    return items;
  }
}
