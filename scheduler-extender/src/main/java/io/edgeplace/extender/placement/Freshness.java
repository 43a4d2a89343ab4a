package io.edgeplace.extender.placement;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How current the served snapshot is.
 *
 * @param state        {@code LOADING} (nothing to serve yet), {@code STATIC} (a snapshot file or the
 *                     demo), {@code LIVE} (informers watching), {@code RESTORED} (from the cache
 *                     directory, not yet synced), {@code STALE} (the watch broke)
 * @param since        when the state began, or null if unknown
 * @param snapshotTime the instant the served snapshot describes, or null when there is none
 * @param detail       a sentence for people, such as the cache file restored or the watch error
 */
public record Freshness(String state, @Nullable Instant since, @Nullable Instant snapshotTime, String detail) {
  public Freshness {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether there is a snapshot to serve. */
  public boolean ready() {
    return snapshotTime != null && !state.equals("LOADING");
  }

  /** The age of the served snapshot at {@code now}, or null when there is none. */
  public @Nullable Duration age(Instant now) {
    return snapshotTime == null ? null : Duration.between(snapshotTime, now);
  }
}
