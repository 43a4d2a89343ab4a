package io.edgeplace.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A value as read from or written to a {@link SnapshotStore}, with where it sits in the history.
 *
 * @param value      the value
 * @param generation the generation number, increasing by one with every save of this state
 * @param savedAt    when it was saved (the store's clock)
 * @param sizeBytes  the size of the file on disk, framing included
 * @param <T>        the type of value
 */
public record Stored<T>(T value, long generation, Instant savedAt, long sizeBytes) {
  public Stored {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(savedAt, "savedAt");
    if (generation < 1) {
      throw new IllegalArgumentException("generation must be at least 1, got " + generation);
    }
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative, got " + sizeBytes);
    }
  }
}
