package io.edgeplace.api.metrics;

import io.edgeplace.api.topology.Freshness;
import java.time.Duration;

/**
 * What the offline-tolerant parts of edgeplace report: the freshness of the topology, the age
 * and generation of what is stored and restored, and load and persist failures. Implementations
 * must be thread-safe, cheap and never throw; every method defaults to doing nothing.
 *
 * <p>Ages grow between events: an implementation that exports an age gauge computes it at
 * scrape time from the instants given here ({@link Freshness#since()}).
 */
public interface EdgeplaceMetrics {

  /** Reports nothing. */
  EdgeplaceMetrics NOOP = new EdgeplaceMetrics() { };

  /** The topology's freshness changed to {@code freshness}. */
  default void freshnessChanged(Freshness freshness) { }

  /** A snapshot with {@code nodes} nodes and {@code pods} pods was published to readers. */
  default void snapshotPublished(int nodes, int pods) { }

  /** Generation {@code generation} of state {@code state} ({@code bytes} bytes) was saved in {@code took}. */
  default void persisted(String state, long generation, long bytes, Duration took) { }

  /** Saving state {@code state} failed; readers go on being served from memory. */
  default void persistFailed(String state, Throwable error) { }

  /**
   * Generation {@code generation} of state {@code state}, saved {@code age} ago, was restored
   * from disk.
   */
  default void restored(String state, long generation, Duration age) { }

  /**
   * A stored generation of {@code state} could not be loaded ({@code reason}: checksum mismatch,
   * truncated, undecodable, directory unreadable); a corrupt file was set aside.
   */
  default void loadFailed(String state, String reason) { }

  /** The metrics of the cache named {@code name}. */
  default CacheMetrics cache(String name) {
    return CacheMetrics.NOOP;
  }
}
