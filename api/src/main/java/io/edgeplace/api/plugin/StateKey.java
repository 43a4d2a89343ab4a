package io.edgeplace.api.plugin;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A typed key into a {@link CycleState}. Create each key once, as a {@code static final} constant
 * of the plugin that writes it; lookups are an array read, not a map lookup.
 *
 * @param <T> the type of the value stored under this key
 */
public final class StateKey<T> {
  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private final String name;
  private final Class<T> type;
  private final int id;

  private StateKey(String name, Class<T> type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.id = NEXT_ID.getAndIncrement();
  }

  public static <T> StateKey<T> of(String name, Class<T> type) {
    return new StateKey<>(name, type);
  }

  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  int id() {
    return id;
  }

  @Override
  public String toString() {
    return "StateKey[" + name + ": " + type.getSimpleName() + "]";
  }
}
