package io.edgeplace.core.cache;

/**
 * Loads the value of a key, usually over the network. It may block (it runs on the cache's
 * executor, never on a reader's thread) and may throw: a failure becomes a stale or absent
 * lookup, never an exception for the reader.
 *
 * @param <K> the type of key
 * @param <V> the type of value
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

  /** The value of {@code key}; never null (return a value that says "none" instead). */
  V load(K key) throws Exception;
}
