package io.edgeplace.extender.wire;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * {@code ExtenderArgs}: the pod being scheduled and its candidate nodes, either by name
 * ({@code nodeCacheCapable: true}) or as full Node objects.
 *
 * @param pod       the Pod object, raw
 * @param nodeNames the candidate node names, or null when the request carried Node objects
 * @param nodes     the candidate Node objects, or null when the request carried names
 */
public record ExtenderArgs(RawJson pod, @Nullable List<String> nodeNames, @Nullable List<NodeItem> nodes) {

  public ExtenderArgs {
    Objects.requireNonNull(pod, "pod");
    if ((nodeNames == null) == (nodes == null)) {
      throw new IllegalArgumentException("exactly one of nodeNames and nodes must be given");
    }
  }

  /** Whether the candidates came by name (the scheduler's {@code nodeCacheCapable} mode). */
  public boolean byName() {
    return nodeNames != null;
  }

  /** The number of candidates. */
  public int candidateCount() {
    return nodeNames != null ? nodeNames.size() : Objects.requireNonNull(nodes).size();
  }

  /** The candidate names as resolved while decoding, or null when they were not (or came as Node objects). */
  public @Nullable ResolvedNames resolved() {
    return nodeNames instanceof ResolvedNames r ? r : null;
  }

  /** The name of candidate {@code i}. */
  public String candidateName(int i) {
    return nodeNames != null ? nodeNames.get(i) : Objects.requireNonNull(nodes).get(i).name();
  }

  /**
   * One item of the request's NodeList.
   *
   * @param name its {@code metadata.name}
   * @param json the whole Node object, raw, to decode or to echo back
   */
  public record NodeItem(String name, RawJson json) {
    public NodeItem {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(json, "json");
    }
  }
}
