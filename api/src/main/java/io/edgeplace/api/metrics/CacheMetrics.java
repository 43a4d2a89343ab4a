package io.edgeplace.api.metrics;

import java.time.Duration;

/**
 * What one {@link io.edgeplace.api.store.StaleTolerantCache} reports. Called on request paths:
 * implementations must be cheap and never throw. Every method defaults to doing nothing.
 */
public interface CacheMetrics {

  /** Reports nothing. */
  CacheMetrics NOOP = new CacheMetrics() { };

  /** A read found a fresh value. */
  default void hit() { }

  /** A read found no value (a load starts or is under way). */
  default void miss() { }

  /** A read was answered with a stale value because refreshes have been failing. */
  default void staleServe() { }

  /** A load or refresh succeeded after {@code took}. */
  default void loadSuccess(Duration took) { }

  /** A load or refresh failed after {@code took}; {@code error} is its cause. */
  default void loadFailure(Duration took, Throwable error) { }

  /** An entry was dropped (too old to serve, or evicted for room). */
  default void eviction() { }
}
