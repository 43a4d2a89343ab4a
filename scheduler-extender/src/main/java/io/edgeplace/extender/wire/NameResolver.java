package io.edgeplace.extender.wire;

/**
 * Turns candidate node names into node indices while a request is decoded, straight from the
 * parser's characters, so that names the cluster knows are never copied into strings.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface NameResolver {

  /** The index of the node named by {@code chars[offset .. offset+length)}, or -1 if there is none. */
  int resolve(char[] chars, int offset, int length);

  /** The name of node {@code node} (an index {@link #resolve} returned). */
  String name(int node);

  /**
   * How many names a request usually lists (the number of nodes): the decoder sizes its array
   * by it, rather than growing one from small.
   */
  default int expectedNames() {
    return 64;
  }
}
