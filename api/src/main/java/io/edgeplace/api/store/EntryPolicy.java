package io.edgeplace.api.store;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * How long one cache entry is trusted, decided per entry from its key and value: an image
 * resolver says "a digest never changes, a tag is refreshed every ten minutes".
 *
 * @param <K> the type of key
 * @param <V> the type of value
 */
public interface EntryPolicy<K, V> {

  /** A duration that never elapses. */
  Duration NEVER = ChronoUnit.FOREVER.getDuration();

  /**
   * How long after a successful load a read starts a background refresh of the entry;
   * {@link #NEVER} for a value that cannot change.
   */
  Duration refreshAfter(K key, V value);

  /**
   * How long after its last successful load the value may still be served while refreshes
   * fail; after that the entry is dropped and the key reads as absent. {@link #NEVER} keeps it
   * for as long as the cache has room.
   */
  Duration maxStaleness(K key, V value);

  /** The same two durations for every entry. */
  static <K, V> EntryPolicy<K, V> fixed(Duration refreshAfter, Duration maxStaleness) {
    Objects.requireNonNull(refreshAfter, "refreshAfter");
    Objects.requireNonNull(maxStaleness, "maxStaleness");
    if (refreshAfter.isNegative() || refreshAfter.isZero()) {
      throw new IllegalArgumentException("refreshAfter must be positive, got " + refreshAfter);
    }
    if (maxStaleness.compareTo(refreshAfter) < 0) {
      throw new IllegalArgumentException("maxStaleness " + maxStaleness + " is shorter than refreshAfter "
          + refreshAfter + "; maybe maxStaleness = EntryPolicy.NEVER?");
    }
    return new EntryPolicy<>() {
      @Override
      public Duration refreshAfter(K key, V value) {
        return refreshAfter;
      }

      @Override
      public Duration maxStaleness(K key, V value) {
        return maxStaleness;
      }

      @Override
      public String toString() {
        return "EntryPolicy.fixed(refreshAfter=" + refreshAfter + ", maxStaleness=" + maxStaleness + ")";
      }
    };
  }
}
