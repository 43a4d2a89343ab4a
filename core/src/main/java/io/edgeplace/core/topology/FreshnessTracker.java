package io.edgeplace.core.topology;

import io.edgeplace.api.topology.Freshness;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/*
 * Derives freshness from what the informers say when polled, never from exceptions (fabric8
 * informers keep their caches and reconnect by themselves; a lost server only shows as
 * isWatching() turning false):
 *
 *   start ── restored from disk ──> RESTORED(savedAt)     nothing on disk ──> UNAVAILABLE(start)
 *   RESTORED / UNAVAILABLE ── all informers synced and watching ──> LIVE(now)
 *   RESTORED / UNAVAILABLE ── listed, but some watch still not up 5 s later ──> STALE(listed at)
 *   LIVE ── some informer not watching ──> STALE(the later of: the last poll that saw every
 *           watch up, the last event received)
 *   STALE ── all watching again ──> LIVE(now)
 *
 * Not thread-safe: the topology calls it under its lock.
 */
final class FreshnessTracker {
  private Freshness current;
  /* How long after the first list a watch may take to come up before the data counts as stale. */
  static final Duration WATCH_GRACE = Duration.ofSeconds(5);

  private @Nullable Instant lastAllWatching;
  private @Nullable Instant syncedAt;

  FreshnessTracker(Freshness initial) {
    this.current = initial;
  }

  Freshness current() {
    return current;
  }

  /**
   * Updates the state from one poll of the informers; returns whether it changed.
   *
   * @param lastEvent when the last informer event arrived, or null if none yet
   */
  boolean poll(Instant now, boolean allSynced, boolean allWatching, @Nullable Instant lastEvent) {
    Freshness next = current;
    if (allSynced && allWatching) {
      lastAllWatching = now;
      if (current.kind() != Freshness.Kind.LIVE) {
        next = new Freshness.Live(now);
      }
    } else if (current.kind() == Freshness.Kind.LIVE) {
      Instant since = lastAllWatching == null ? now : lastAllWatching;
      if (lastEvent != null && lastEvent.isAfter(since)) {
        since = lastEvent;
      }
      next = new Freshness.Stale(since);
    } else if (allSynced && current.kind() != Freshness.Kind.STALE) {
      if (syncedAt == null) {
        syncedAt = now;
      } else if (Duration.between(syncedAt, now).compareTo(WATCH_GRACE) > 0) {
        next = new Freshness.Stale(syncedAt); // listed from the server, but the watches never came up
      }
    }
    if (next.equals(current)) {
      return false;
    }
    current = next;
    return true;
  }
}
