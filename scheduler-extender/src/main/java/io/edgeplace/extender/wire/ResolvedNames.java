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
  private final int[] nodes;
  private final String @Nullable [] unknown;

  ResolvedNames(NameResolver resolver, int[] nodes, String @Nullable [] unknown) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
    this.nodes = nodes;
    this.unknown = unknown;
  }

  /** The resolver the names went through; its node indices are only meaningful for it. */
  public NameResolver resolver() {
    return resolver;
  }

  /** The node index of candidate {@code i}, or -1 when the resolver does not know the name. */
  public int node(int i) {
    return nodes[i];
  }

  @Override
  public String get(int i) {
    int node = nodes[i];
    return node >= 0 ? resolver.name(node) : Objects.requireNonNull(unknown)[i];
  }

  @Override
  public int size() {
    return nodes.length;
  }
}
