package io.edgeplace.api.topology;

/**
 * The current cluster topology, kept up to date by some means (Kubernetes informers, a file) and
 * read without blocking. Reads never throw: a lost API server shows as {@link Freshness}.
 * Thread-safe.
 */
public interface TopologySource extends AutoCloseable {

  /** The latest published view; a volatile read, no copying. */
  TopologyView current();

  /**
   * Calls {@code listener} with every view published from now on (first with the current one).
   * See {@link TopologyListener} for the threading contract.
   */
  Subscription subscribe(TopologyListener listener);

  /** Stops watching, persists the last snapshot, ends notifications. */
  @Override
  void close();
}
