package io.edgeplace.extender.placement;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.wire.WireEncoder;

/**
 * The node names of one snapshot's node generation ({@link ClusterSnapshot#nodeGeneration()}):
 * name to node index by an open-addressing table of ints with a mixed hash (short probes for
 * names that differ only in their last characters, as node names do), and each name already
 * written as a JSON string for replies. Built once per node generation, read by many requests.
 *
 * <p>Immutable and thread-safe.
 */
final class NodeNameIndex {
  private final Object generation;
  private final String[] names;
  private final byte[][] quoted;
  /* node index + 1 per slot, 0 for an empty slot */
  private final int[] slots;
  private final int mask;

  private NodeNameIndex(ClusterSnapshot snapshot) {
    generation = snapshot.nodeGeneration();
    int n = snapshot.nodeCount();
    names = new String[n];
    quoted = new byte[n][];
    int capacity = Integer.highestOneBit(Math.max(4, n * 3) - 1) << 1;
    slots = new int[capacity];
    mask = capacity - 1;
    for (int i = 0; i < n; i++) {
      String name = snapshot.node(i).name();
      names[i] = name;
      quoted[i] = WireEncoder.quote(name);
      int s = mix(name.hashCode()) & mask;
      while (slots[s] != 0) {
        s = (s + 1) & mask;
      }
      slots[s] = i + 1;
    }
  }

  static NodeNameIndex of(ClusterSnapshot snapshot) {
    return new NodeNameIndex(snapshot);
  }

  /** Whether this index was built for {@code snapshot}'s nodes. */
  boolean fits(ClusterSnapshot snapshot) {
    return generation == snapshot.nodeGeneration() && names.length == snapshot.nodeCount();
  }

  /** The node index of {@code name}, or -1. */
  int indexOf(String name) {
    int s = mix(name.hashCode()) & mask;
    int v;
    while ((v = slots[s]) != 0) {
      String candidate = names[v - 1];
      if (candidate == name || candidate.equals(name)) {
        return v - 1;
      }
      s = (s + 1) & mask;
    }
    return -1;
  }

  /** The snapshot's own name string of node {@code index} (its hash is cached). */
  String name(int index) {
    return names[index];
  }

  /** Node {@code index}'s name as a JSON string with its quotes. */
  byte[] quoted(int index) {
    return quoted[index];
  }

  private static int mix(int h) {
    h *= 0x9E3779B1;
    return h ^ (h >>> 16);
  }
}
