package io.edgeplace.core.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders feasible nodes best first: by total descending, then by a tie-break hash ascending,
 * then by index ascending (node indices follow node names, so this is "then by name"). The hash
 * mixes the workload key with the node index; of its 16 bits only the top {@link #hashBits(int)}
 * count: as many as the node count needs to spread ties evenly, so that the sort stays short.
 */
final class Ranking {

  /** Bits of the tie-break hash: enough to spread ties, few enough to sort in two or three passes. */
  static final int HASH_BITS = 16;
  private static final int MAX_DIGIT_BITS = 11;

  private Ranking() {
  }

  /*
   * A comparison sort of 5,000 nodes costs ~150 µs, more than the whole placement budget. The
   * three keys are packed into one long instead, (max - total) | hash | index from the top, and
   * sorted with a stable least-significant-digit radix sort over the total and hash bits only:
   * the keys start in index order, so stability orders equal (total, hash) by index for free.
   * Digits whose value is the same for every key (all totals equal, say) cost one counting pass.
   */

  /** The seed of a workload's tie-break hashes. */
  static int seed(String workloadKey) {
    return mix(workloadKey.hashCode() * 0x9E3779B9 + 0x7F4A7C15);
  }

  /** The tie-break hash, in [0, 2^16), of node index {@code node} under {@code seed}. */
  static int tieHash(int seed, int node) {
    return mix(node * 0x9E3779B9 ^ seed) >>> (32 - HASH_BITS);
  }

  /** Murmur3's 32-bit finalizer: every input bit affects every output bit. */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h;
  }

  /**
   * How many top bits of the tie-break hash order {@code count} nodes: log2 of the count plus 3,
   * at most 16. Equal hashes fall back to index order, which favours low indices; with eight
   * hash values a node or more, the first node among all-equal ones is within ~5% of uniform for
   * up to 8,192 nodes (within ~10% for 16,384) instead of ~30% with one value a node.
   */
  static int hashBits(int count) {
    int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(0, count - 1));
    return Math.min(HASH_BITS, indexBits + 3);
  }

  /**
   * The indices {@code 0 .. count-1} ordered best first.
   *
   * @param totals  per index, the total score (non-negative); overwritten
   * @param hashes  per index, the tie-break hash in [0, 2^{@value #HASH_BITS})
   * @param scratch at least {@code count} long, overwritten
   */
  static int[] rank(long[] totals, int[] hashes, int count, long[] scratch) {
    int[] order = new int[count];
    if (count == 0) {
      return order;
    }
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, totals[i]);
      min = Math.min(min, totals[i]);
    }
    int totalBits = 64 - Long.numberOfLeadingZeros(max - min);
    int indexBits = 32 - Integer.numberOfLeadingZeros(count - 1);
    int hashBits = hashBits(count);
    int sortBits = totalBits + hashBits;
    if (max - min < 0 || sortBits + indexBits > 63) {
      return rankByComparison(totals, hashes, count, HASH_BITS - hashBits);
    }
    long[] keys = totals;
    int hashShift = indexBits;
    int totalShift = indexBits + hashBits;
    int dropHashBits = HASH_BITS - hashBits;
    for (int i = 0; i < count; i++) {
      keys[i] = ((max - totals[i]) << totalShift) | ((long) (hashes[i] >>> dropHashBits) << hashShift) | i;
    }
    keys = radixSort(keys, scratch, count, indexBits, sortBits);
    long indexMask = (1L << indexBits) - 1;
    for (int r = 0; r < count; r++) {
      order[r] = (int) (keys[r] & indexMask);
    }
    return order;
  }

  /**
   * Stable LSD radix sort of {@code keys[0 .. n-1]} on bits {@code [lowBit, lowBit + bits)}; may
   * return {@code scratch}. One read counts every digit; each pass then only scatters.
   */
  private static long[] radixSort(long[] keys, long[] scratch, int n, int lowBit, int bits) {
    int passes = (bits + MAX_DIGIT_BITS - 1) / MAX_DIGIT_BITS;
    int digitBits = (bits + passes - 1) / passes;
    int buckets = 1 << digitBits;
    long digitMask = buckets - 1;
    int[] counts = new int[passes * buckets];
    for (int i = 0; i < n; i++) {
      long k = keys[i] >>> lowBit;
      for (int pass = 0, base = 0; pass < passes; pass++, base += buckets, k >>>= digitBits) {
        counts[base + (int) (k & digitMask)]++;
      }
    }
    long[] src = keys;
    long[] dst = scratch;
    int shift = lowBit;
    for (int pass = 0, base = 0; pass < passes; pass++, base += buckets, shift += digitBits) {
      if (counts[base + (int) ((src[0] >>> shift) & digitMask)] == n) {
        continue;
      }
      int sum = 0;
      for (int b = base; b < base + buckets; b++) {
        int c = counts[b];
        counts[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long k = src[i];
        dst[counts[base + (int) ((k >>> shift) & digitMask)]++] = k;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    return src;
  }

  /* For totals too far apart to pack (weights beyond the builder's limits never get here). */
  private static int[] rankByComparison(long[] totals, int[] hashes, int count, int dropHashBits) {
    Integer[] boxed = new Integer[count];
    for (int i = 0; i < count; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> -totals[i])
        .thenComparingInt(i -> hashes[i] >>> dropHashBits)
        .thenComparingInt(i -> i));
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = boxed[i];
    }
    return order;
  }
}
