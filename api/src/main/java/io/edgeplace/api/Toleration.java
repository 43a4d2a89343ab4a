package io.edgeplace.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A pod toleration, with the matching rules of Kubernetes: an empty key with {@code Exists}
 * tolerates every taint; a null effect matches every effect.
 *
 * @param key      taint key, empty to match all keys (only with {@code exists})
 * @param exists   {@code true} for operator {@code Exists}, {@code false} for {@code Equal}
 * @param value    the value for {@code Equal}; empty for {@code Exists}
 * @param effect   the effect to match, or null for all effects
 */
public record Toleration(String key, boolean exists, String value, @Nullable TaintEffect effect) {
  public Toleration {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  public boolean tolerates(Taint taint) {
    if (effect != null && effect != taint.effect()) {
      return false;
    }
    if (key.isEmpty()) {
      return exists;
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return exists || value.equals(taint.value());
  }
}
