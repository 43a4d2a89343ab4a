package io.edgeplace.extender.wire;

import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Candidate node names decoded through a {@link NameResolver}: a node index per candidate, and
 * a string only for the names the resolver did not know. As a list it reads as the names that
 * came in, in order.
 */
public final class ResolvedNames extends AbstractList<String> implements RandomAccess {
  private final NameResolver resolver;
  /* the first `count` entries are the candidates' (the decoder's array is not trimmed) */
  private final int[] nodes;
  private final int count;
  private final String @Nullable [] unknown;

  ResolvedNames(NameResolver resolver, int[] nodes, int count, String @Nullable [] unknown) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    Objects.checkFromIndexSize(0, count, nodes.length);
    if (unknown != null) {
      Objects.checkFromIndexSize(0, count, unknown.length);
    }
    this.nodes = nodes;
    this.count = count;
    this.unknown = unknown;
  }

  /** The resolver the names went through; its node indices are only meaningful for it. */
  public NameResolver resolver() {
    return resolver;
  }

  /** The node index of candidate {@code i}, or -1 when the resolver does not know the name. */
  public int node(int i) {
    Objects.checkIndex(i, count);
    return nodes[i];
  }

  @Override
  public String get(int i) {
    int node = node(i);
    return node >= 0 ? resolver.name(node) : Objects.requireNonNull(unknown)[i];
  }

  @Override
  public int size() {
    return count;
  }
}
