package io.edgeplace.api.store;

import java.util.concurrent.CompletableFuture;

/**
 * A loading cache for lookups that go over an unreliable network: values are refreshed in the
 * background after a per-entry interval ({@link EntryPolicy#refreshAfter}), and when a refresh
 * fails the last good value goes on being served, marked {@link CacheLookup.Status#STALE}, up
 * to a per-entry maximum staleness. A persistent cache keeps its entries across a restart.
 *
 * <p>Loader failures never reach a reader as exceptions: they become the status and detail of a
 * {@link CacheLookup}. Thread-safe.
 *
 * @param <K> the type of key
 * @param <V> the type of value
 */
public interface StaleTolerantCache<K, V> extends AutoCloseable {

  /**
   * What is known of {@code key} now, without ever blocking: safe on a request path. When the
   * key is absent, or its value is due for refresh, a background load starts (at most one per
   * key at a time; after a failed load, not again before the cache's retry interval).
   */
  CacheLookup<V> getIfReady(K key);

  /**
   * Like {@link #getIfReady} but waits for a load when one is needed: the future completes with
   * the lookup after the load attempt (a fresh value; or the stale value or absence with the
   * error). It completes at once when the value is fresh and not due for refresh. Never
   * completes exceptionally.
   */
  CompletableFuture<CacheLookup<V>> get(K key);

  /** Stores a value known by other means as freshly loaded now. */
  void put(K key, V value);

  /** Forgets {@code key}. */
  void invalidate(K key);

  /** The number of entries, an estimate under concurrent change. */
  long estimatedSize();

  /** Persists the entries one last time (when the cache is persistent) and stops refreshing. */
  @Override
  void close();
}
