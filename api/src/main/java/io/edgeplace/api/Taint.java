package io.edgeplace.api;

import java.util.Objects;

/** A node taint; {@code value} is empty when the taint has none. */
public record Taint(String key, String value, TaintEffect effect) {
  public Taint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(effect, "effect");
  }
}
