package io.edgeplace.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link StaleTolerantCache} knows of one key at the moment it is asked.
 *
 * @param status   {@link Status#FRESH}, {@link Status#STALE} or {@link Status#ABSENT}
 * @param value    the value, null exactly when the status is {@link Status#ABSENT}
 * @param loadedAt when the value was last loaded successfully, null when absent
 * @param detail   for explanations: empty when fresh; the last load error when stale or absent
 *                 ("connect timed out"), or {@code "loading"} when the first load is under way
 * @param <V>      the type of value
 */
public record CacheLookup<V>(Status status, @Nullable V value, @Nullable Instant loadedAt, String detail) {

  /** How far a lookup's value can be trusted. */
  public enum Status {
    /** The last load of this key succeeded (a background refresh may be under way). */
    FRESH,
    /** The last refresh failed; this is the last good value, within the key's maximum staleness. */
    STALE,
    /** No value: the first load is under way, or it failed ({@code detail} says why). */
    ABSENT
  }

  public CacheLookup {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    if ((value == null) != (status == Status.ABSENT) || (loadedAt == null) != (value == null)) {
      throw new IllegalArgumentException("a lookup has a value and a load time exactly when it is not ABSENT, got "
          + status + " value=" + value + " loadedAt=" + loadedAt);
    }
  }

  public static <V> CacheLookup<V> fresh(V value, Instant loadedAt) {
    return new CacheLookup<>(Status.FRESH, value, loadedAt, "");
  }

  public static <V> CacheLookup<V> stale(V value, Instant loadedAt, String lastError) {
    return new CacheLookup<>(Status.STALE, value, loadedAt, lastError);
  }

  public static <V> CacheLookup<V> absent(String why) {
    return new CacheLookup<>(Status.ABSENT, null, null, why);
  }

  /** True unless {@link Status#ABSENT}. */
  public boolean isPresent() {
    return value != null;
  }

  /** How old the value is at {@code now}; zero when absent. */
  public Duration age(Instant now) {
    return loadedAt == null ? Duration.ZERO : Duration.between(loadedAt, now);
  }
}
