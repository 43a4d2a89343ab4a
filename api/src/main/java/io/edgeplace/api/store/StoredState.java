package io.edgeplace.api.store;

import java.io.IOException;
import java.util.Optional;

/**
 * One named piece of state in a {@link SnapshotStore}: a series of generations, of which the
 * store keeps the last few. Thread-safe; saves of one state are serialized.
 *
 * @param <T> the type of value
 */
public interface StoredState<T> {

  /** The name this state was registered under; it is part of its file names. */
  String name();

  /**
   * Writes {@code value} as a new generation, crash-safely: when this returns, the generation is
   * durable; when it throws, or the process dies on the way, the previous generations are intact
   * and a later {@link #loadLatest()} finds the newest complete one.
   *
   * @throws IOException naming the file and the cause (disk full, directory not writable …); the
   *     caller keeps serving from memory
   */
  Stored<T> save(T value) throws IOException;

  /**
   * The newest generation that is complete, passes its checksum and decodes. A generation that
   * does not is renamed {@code *.corrupt} with a warning naming the file, and never returned;
   * one written by a newer format version is skipped and left in place.
   *
   * @return empty when no generation is readable
   * @throws IOException only when the directory itself cannot be read, naming it
   */
  Optional<Stored<T>> loadLatest() throws IOException;
}
