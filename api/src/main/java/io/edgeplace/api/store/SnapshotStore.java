package io.edgeplace.api.store;

import io.edgeplace.api.ClusterSnapshot;

/**
 * A crash-safe local store of {@link ClusterSnapshot}s and of any state an embedder registers
 * under a name with its own {@link Codec}. Every save writes a temporary file, forces it to disk,
 * renames it atomically into place and forces the directory; every file carries its length and a
 * checksum; the last few generations of each state are kept.
 *
 * <p>One process writes a directory at a time. Thread-safe.
 */
public interface SnapshotStore {

  /** The cluster snapshots, under the state name {@code cluster}. */
  StoredState<ClusterSnapshot> clusterSnapshots();

  /**
   * The state named {@code name}, read and written with {@code codec}. Asking twice for one name
   * returns the same state (the codec given first wins).
   *
   * @param name letters, digits, {@code '-'} and {@code '_'}, 1 to 64 characters; {@code cluster}
   *     is taken
   * @throws IllegalArgumentException naming the value when the name is not of that form
   */
  <T> StoredState<T> state(String name, Codec<T> codec);
}
