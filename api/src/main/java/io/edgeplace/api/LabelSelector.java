package io.edgeplace.api;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An equality-based label selector ({@code app=broker}, {@code app=broker&tier=edge}): it
 * matches labels that contain every one of its pairs. An empty selector matches nothing, so that
 * a mistyped peer never means "everything".
 */
public record LabelSelector(Map<String, String> matchLabels) {

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
  }

  public static LabelSelector of(String key, String value) {
    return new LabelSelector(Map.of(key, value));
  }

  public boolean matches(Map<String, String> labels) {
    if (matchLabels.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!Objects.equals(labels.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** {@code k1=v1&k2=v2}, keys sorted. */
  @Override
  public String toString() {
    return new TreeMap<>(matchLabels).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }
}
