package io.edgeplace.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

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
    int n = matchLabels.size();
    if (n == 1) {
      // the common case: one label, no sorting (indexes build this key for every pod that names peers)
      Map.Entry<String, String> e = matchLabels.entrySet().iterator().next();
      return e.getKey() + "=" + e.getValue();
    }
    String[] keys = matchLabels.keySet().toArray(new String[0]);
    Arrays.sort(keys);
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(k).append('=').append(matchLabels.get(k));
    }
    return sb.toString();
  }
}
