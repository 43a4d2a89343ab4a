package io.edgeplace.core.topology;

import io.edgeplace.api.Node;
import io.edgeplace.api.Taint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shares equal strings, image sizes and label maps among the nodes of a live topology, the way
 * decoding a stored snapshot does: the image references, label keys and values and annotation
 * values that thousands of edge nodes repeat are then held once. It keeps a live snapshot of
 * 10,000 realistic nodes under 2 KB of heap per node (see {@code SnapshotStoreBenchmark}).
 *
 * <p>Not thread-safe (the topology calls it under its lock). Its tables are bounded: past
 * {@link #MAX_ENTRIES} distinct values they start over, which only costs sharing, never
 * correctness.
 */
public final class NodeInterner {

  /** The most distinct values kept per table before it starts over. */
  public static final int MAX_ENTRIES = 500_000;

  private final HashMap<String, String> strings = new HashMap<>();
  private final HashMap<Long, Long> longs = new HashMap<>();
  private final HashMap<Map<String, String>, Map<String, String>> maps = new HashMap<>();

  /** {@code node} with its strings, sizes and maps replaced by shared equal ones. */
  public Node canonical(Node node) {
    List<Taint> taints = node.taints();
    if (!taints.isEmpty()) {
      List<Taint> shared = new ArrayList<>(taints.size());
      for (Taint t : taints) {
        shared.add(new Taint(string(t.key()), string(t.value()), t.effect()));
      }
      taints = shared;
    }
    String[] handlers = new String[node.runtimeHandlers().size()];
    int h = 0;
    for (String handler : node.runtimeHandlers()) {
      handlers[h++] = string(handler);
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, Long>[] images = new Map.Entry[node.images().size()];
    int i = 0;
    for (Map.Entry<String, Long> e : node.images().entrySet()) {
      images[i++] = Map.entry(string(e.getKey()), size(e.getValue()));
    }
    return node.toBuilder()
        .region(string(node.region()))
        .runtimeHandlers(Set.of(handlers))
        .images(Map.ofEntries(images))
        .labels(map(node.labels()))
        .annotations(map(node.annotations()))
        .taints(taints)
        .build();
  }

  /** The shared string equal to {@code s}. */
  public String string(String s) {
    if (strings.size() >= MAX_ENTRIES) {
      strings.clear();
    }
    String shared = strings.putIfAbsent(s, s);
    return shared == null ? s : shared;
  }

  private Long size(Long v) {
    if (longs.size() >= MAX_ENTRIES) {
      longs.clear();
    }
    Long shared = longs.putIfAbsent(v, v);
    return shared == null ? v : shared;
  }

  /** The shared immutable map equal to {@code m}, its keys and values shared too. */
  public Map<String, String> map(Map<String, String> m) {
    Map<String, String> shared = maps.get(m);
    if (shared != null) {
      return shared;
    }
    if (maps.size() >= MAX_ENTRIES) {
      maps.clear();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = new Map.Entry[m.size()];
    int i = 0;
    for (Map.Entry<String, String> e : m.entrySet()) {
      entries[i++] = Map.entry(string(e.getKey()), string(e.getValue()));
    }
    Map<String, String> copy = Map.ofEntries(entries);
    maps.put(copy, copy);
    return copy;
  }
}
