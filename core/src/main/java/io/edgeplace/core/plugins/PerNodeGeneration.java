package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/*
 * A value derived from a snapshot's nodes and units alone, kept for the last node generation
 * seen (ClusterSnapshot.nodeGeneration): placing a pod makes a new snapshot with the same
 * generation, so consecutive cycles share the value. A cache of a pure function, not state; a
 * race at worst computes it twice.
 */
final class PerNodeGeneration<T> {
  private record Entry<T>(Object generation, T value) {
  }

  private final Function<ClusterSnapshot, T> compute;
  private final AtomicReference<Entry<T>> last = new AtomicReference<>();

  PerNodeGeneration(Function<ClusterSnapshot, T> compute) {
    this.compute = compute;
  }

  T get(ClusterSnapshot snapshot) {
    Entry<T> e = last.get();
    if (e == null || e.generation() != snapshot.nodeGeneration()) {
      e = new Entry<>(snapshot.nodeGeneration(), compute.apply(snapshot));
      last.set(e);
    }
    return e.value();
  }
}
