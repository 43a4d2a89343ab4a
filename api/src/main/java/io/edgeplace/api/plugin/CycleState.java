package io.edgeplace.api.plugin;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The state of one placement cycle: the snapshot, the workload, and what plugins computed for
 * it before the per-node loop. Values are written in {@code preFilter}/{@code preScore} (one
 * thread) and only read in the per-node calls (possibly many threads); the engine publishes the
 * writes to the readers safely.
 */
public final class CycleState {
  private final ClusterSnapshot snapshot;
  private final Workload workload;
  private final boolean explaining;
  private @Nullable Object[] values = new Object[8];

  public CycleState(ClusterSnapshot snapshot, Workload workload, boolean explaining) {
    this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    this.workload = Objects.requireNonNull(workload, "workload");
    this.explaining = explaining;
  }

  public ClusterSnapshot snapshot() {
    return snapshot;
  }

  public Workload workload() {
    return workload;
  }

  /** The time of this cycle: the snapshot's time. */
  public Instant now() {
    return snapshot.time();
  }

  /** Whether the caller asked for explanations (plugins may then keep extra detail). */
  public boolean explaining() {
    return explaining;
  }

  public <T> void put(StateKey<T> key, T value) {
    int id = key.id();
    if (id >= values.length) {
      values = Arrays.copyOf(values, Math.max(id + 1, values.length * 2));
    }
    values[id] = key.type().cast(Objects.requireNonNull(value, "value"));
  }

  /**
   * The value under {@code key}.
   *
   * @throws IllegalStateException when nothing was put under it: a plugin read state that its
   *                               pre-phase did not write
   */
  public <T> T get(StateKey<T> key) {
    T value = find(key);
    if (value == null) {
      throw new IllegalStateException(key + " was read before it was written; maybe the plugin's preFilter or "
          + "preScore did not run, or did not put it?");
    }
    return value;
  }

  /** The value under {@code key}, or null. */
  public <T> @Nullable T find(StateKey<T> key) {
    int id = key.id();
    return id < values.length ? key.type().cast(values[id]) : null;
  }
}
