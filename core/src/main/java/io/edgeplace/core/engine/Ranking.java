package io.edgeplace.core.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders feasible nodes best first: by total descending; equal totals by a hash of the workload
 * key and the node index; equal hashes by node index rotated by a workload-dependent offset.
 * Equally good nodes therefore share out the workloads about evenly, and one workload always
 * gets the same order.
 */
final class Ranking {

  /** Bits of the full tie-break hash. */
  static final int HASH_BITS = 16;
  private static final int MAX_DIGIT_BITS = 12;

  private Ranking() {
  }

  /*
   * A comparison sort of 5,000 nodes costs ~150 µs, more than the whole placement budget. The
   * three keys are packed into one long instead, (max - total) | hash | rotated index from the
   * top, and sorted with a stable least-significant-digit radix sort over the total and hash bits
   * only: the keys are laid out in rotated-index order, so stability orders equal (total, hash)
   * by rotated index for free. Digits that are equal in every key (all totals equal, say) cost no
   * pass.
   *
   * Fairness: were equal hashes broken by plain index, low indices would win ties more often
   * unless the hash had many more values than there are nodes (30% more wins for the first tenth
   * of 5,000 nodes with 2^13 values). Rotating the index by an offset drawn from the workload
   * spreads that bias over all nodes, so a hash with about as many values as nodes suffices
   * (within ~2% of uniform in simulation) and the sort needs a pass fewer. The hash still matters:
   * rotation alone would favour a tied node that follows a long run of untied ones.
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

  /** How many top bits of the tie-break hash order {@code count} nodes: about log2 of the count, 1 to 16. */
  static int hashBits(int count) {
    int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(0, count - 1));
    return Math.max(1, Math.min(HASH_BITS, indexBits - 1));
  }

  /** Where the rotated index order of {@code count} nodes starts for a workload: in [0, count). */
  static int offset(int seed, int count) {
    return count == 0 ? 0 : Integer.remainderUnsigned(mix(seed ^ 0x632BE5AB), count);
  }

  /**
   * The feasible nodes ordered best first, as their positions.
   *
   * @param totals    per feasible index {@code f}, the total score (non-negative); overwritten
   * @param count     the number of feasible nodes
   * @param seed      the workload's {@link #seed}
   * @param nodes     per feasible index, the node index (hashed for the tie-break)
   * @param positions per feasible index, what to return for it (its candidate position)
   * @param scratch   at least {@code count} long, overwritten
   */
  static int[] rank(long[] totals, int count, int seed, int[] nodes, int[] positions, long[] scratch) {
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
    int dropHashBits = HASH_BITS - hashBits;
    int sortBits = totalBits + hashBits;
    int offset = offset(seed, count);
    if (max - min < 0 || sortBits + indexBits > 63) {
      return rankByComparison(totals, count, seed, nodes, positions, dropHashBits, offset);
    }
    long[] keys = scratch;
    int hashShift = indexBits;
    int totalShift = indexBits + hashBits;
    for (int r = 0, i = offset; r < count; r++, i = i + 1 == count ? 0 : i + 1) {
      long hash = tieHash(seed, nodes[i]) >>> dropHashBits;
      keys[r] = ((max - totals[i]) << totalShift) | (hash << hashShift) | r;
    }
    keys = radixSort(keys, totals, count, indexBits, sortBits);
    long indexMask = (1L << indexBits) - 1;
    for (int k = 0; k < count; k++) {
      int i = (int) (keys[k] & indexMask) + offset;
      order[k] = positions[i >= count ? i - count : i];
    }
    return order;
  }

  /**
   * The position of the node {@link #rank} would put first, in one pass and without sorting:
   * among the highest totals, the lowest tie-break hash, then the lowest rotated index.
   *
   * @return {@code positions[f]} of the best feasible index {@code f}, or -1 when {@code count} is 0
   */
  static int best(long[] totals, int count, int seed, int[] nodes, int[] positions) {
    if (count == 0) {
      return -1;
    }
    long max = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, totals[i]);
    }
    int dropHashBits = HASH_BITS - hashBits(count);
    int offset = offset(seed, count);
    int best = -1;
    int bestHash = 0;
    int bestRotated = 0;
    for (int i = 0; i < count; i++) {
      if (totals[i] != max) {
        continue;
      }
      int hash = tieHash(seed, nodes[i]) >>> dropHashBits;
      int rotated = i >= offset ? i - offset : i - offset + count;
      if (best < 0 || hash < bestHash || (hash == bestHash && rotated < bestRotated)) {
        best = i;
        bestHash = hash;
        bestRotated = rotated;
      }
    }
    return positions[best];
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
  private static int[] rankByComparison(long[] totals, int count, int seed, int[] nodes, int[] positions,
                                        int dropHashBits, int offset) {
    Integer[] boxed = new Integer[count];
    for (int i = 0; i < count; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, Comparator.<Integer>comparingLong(i -> -totals[i])
        .thenComparingInt(i -> tieHash(seed, nodes[i]) >>> dropHashBits)
        .thenComparingInt(i -> i >= offset ? i - offset : i - offset + count));
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = positions[boxed[i]];
    }
    return order;
  }
}
