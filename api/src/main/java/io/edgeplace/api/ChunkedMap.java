package io.edgeplace.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/*
 * A copy-on-write map split into 1024 chunks by hash: a change copies the chunk array (1024
 * references) and the one chunk it touches, so a snapshot with 100,000 pods publishes a one-pod
 * change in microseconds while every older snapshot stays valid and unchanged.
 */
final class ChunkedMap<K, V> {
  private static final int CHUNKS = 1024;
  private static final ChunkedMap<?, ?> EMPTY = new ChunkedMap<>(emptyChunks(), 0);

  private final Map<K, V>[] chunks;
  private final int size;

  private ChunkedMap(Map<K, V>[] chunks, int size) {
    this.chunks = chunks;
    this.size = size;
  }

  @SuppressWarnings("unchecked")
  static <K, V> ChunkedMap<K, V> empty() {
    return (ChunkedMap<K, V>) EMPTY;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> Map<K, V>[] emptyChunks() {
    Map<K, V>[] chunks = new Map[CHUNKS];
    Arrays.fill(chunks, Map.of());
    return chunks;
  }

  private static int chunkOf(Object key) {
    int h = key.hashCode();
    // the top bits of a multiplicative hash: independent of the low bits each chunk's HashMap
    // indexes by, which would otherwise share one value per chunk and pile into tree bins
    return (h * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(CHUNKS));
  }

  @Nullable V get(Object key) {
    return chunks[chunkOf(key)].get(key);
  }

  int size() {
    return size;
  }

  /** This map with {@code key} mapped to {@code value}, or without {@code key} when value is null. */
  ChunkedMap<K, V> with(K key, @Nullable V value) {
    int c = chunkOf(key);
    Map<K, V> old = chunks[c];
    boolean had = old.containsKey(key);
    if (value == null && !had) {
      return this;
    }
    Map<K, V> chunk = new HashMap<>(old);
    if (value == null) {
      chunk.remove(key);
    } else {
      chunk.put(key, value);
    }
    Map<K, V>[] copy = chunks.clone();
    copy[c] = chunk;
    int newSize = size + (value == null ? -1 : had ? 0 : 1);
    return new ChunkedMap<>(copy, newSize);
  }

  /** Builds a map from a mutable one in one pass. */
  @SuppressWarnings("unchecked")
  static <K, V> ChunkedMap<K, V> of(Map<K, V> source) {
    if (source.isEmpty()) {
      return empty();
    }
    Map<K, V>[] chunks = new Map[CHUNKS];
    source.forEach((k, v) -> {
      int c = chunkOf(k);
      if (chunks[c] == null) {
        chunks[c] = new HashMap<>();
      }
      chunks[c].put(k, v);
    });
    for (int i = 0; i < CHUNKS; i++) {
      if (chunks[i] == null) {
        chunks[i] = Map.of();
      }
    }
    return new ChunkedMap<>(chunks, source.size());
  }

  void forEach(BiConsumer<? super K, ? super V> action) {
    for (Map<K, V> chunk : chunks) {
      chunk.forEach(action);
    }
  }
}
