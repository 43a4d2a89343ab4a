package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.wire.NameResolver;
import io.edgeplace.extender.wire.WireEncoder;

/**
 * The node names of one snapshot's node generation ({@link ClusterSnapshot#nodeGeneration()}):
 * name to node index by an open-addressing table of ints with a mixed hash (short probes for
 * names that differ only in their last characters, as node names do), and each name already
 * written as a JSON string for replies. Built once per node generation, read by many requests.
 *
 * <p>Immutable and thread-safe.
 */
final class NodeNameIndex implements NameResolver {
  private final Object generation;
  private final String[] names;
  private final byte[][] quoted;
  /*
   * Two ints per slot, side by side so that a probe touches one cache line: the node index + 1
   * (0 for an empty slot), then the name's String hash (a probe compares ints and reads the
   * characters only on a hash match).
   */
  private final int[] slots;
  /* every name's characters, back to back (name i at start[i] .. start[i + 1]): the match is checked here, in one array */
  private final char[] chars;
  private final int[] start;
  private final int mask;

  private NodeNameIndex(ClusterSnapshot snapshot) {
    generation = snapshot.nodeGeneration();
    int n = snapshot.nodeCount();
    names = new String[n];
    quoted = new byte[n][];
    int capacity = Integer.highestOneBit(Math.max(4, n * 3) - 1) << 1;
    slots = new int[2 * capacity];
    mask = capacity - 1;
    start = new int[n + 1];
    int total = 0;
    for (int i = 0; i < n; i++) {
      names[i] = snapshot.node(i).name();
      total += names[i].length();
      start[i + 1] = total;
    }
    chars = new char[total];
    for (int i = 0; i < n; i++) {
      names[i].getChars(0, names[i].length(), chars, start[i]);
    }
    for (int i = 0; i < n; i++) {
      String name = names[i];
      quoted[i] = WireEncoder.quote(name);
      int h = name.hashCode();
      int s = mix(h) & mask;
      while (slots[2 * s] != 0) {
        s = (s + 1) & mask;
      }
      slots[2 * s] = i + 1;
      slots[2 * s + 1] = h;
    }
  }

  static NodeNameIndex of(ClusterSnapshot snapshot) {
    return new NodeNameIndex(snapshot);
  }

  /** Whether this index was built for {@code snapshot}'s nodes. */
  boolean fits(ClusterSnapshot snapshot) {
    return generation == snapshot.nodeGeneration() && names.length == snapshot.nodeCount();
  }

  @Override
  public int resolve(char[] text, int offset, int length) {
    int h = 0;
    for (int k = offset, end = offset + length; k < end; k++) {
      h = 31 * h + text[k];
    }
    int s = mix(h) & mask;
    int v;
    while ((v = slots[2 * s]) != 0) {
      if (slots[2 * s + 1] == h && sameName(v - 1, text, offset, length)) {
        return v - 1;
      }
      s = (s + 1) & mask;
    }
    return -1;
  }

  private boolean sameName(int node, char[] text, int offset, int length) {
    int from = start[node];
    if (start[node + 1] - from != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (chars[from + k] != text[offset + k]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int expectedNames() {
    return names.length;
  }

  /** The snapshot's own name string of node {@code index} (its hash is cached). */
  @Override
  public String name(int index) {
    return names[index];
  }

  /** Node {@code index}'s name as a JSON string with its quotes. */
  byte[] quoted(int index) {
    return quoted[index];
  }

  /* murmur3's finalizer: every bit of the hash moves the slot */
  private static int mix(int h) {
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    return h ^ (h >>> 16);
  }
}
