package io.edgeplace.api.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How far a topology snapshot can be trusted: {@link Live}, {@link Stale} since the watch broke,
 * {@link Restored} from disk, or {@link Unavailable} when nothing is known yet. Failures of the
 * API server reach readers this way, never as exceptions.
 */
public sealed interface Freshness {

  /** The four states, for switches and metrics labels. */
  enum Kind { LIVE, STALE, RESTORED, UNAVAILABLE }

  Kind kind();

  /**
   * The instant this state refers to: when the data became live, when the watch broke, when the
   * restored snapshot was saved, or when the source started without data.
   */
  Instant since();

  /** How long ago {@link #since()} was at {@code now}; never negative. */
  default Duration age(Instant now) {
    Duration d = Duration.between(since(), now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Watches are connected and the informers have synced since {@code since}. */
  record Live(Instant since) implements Freshness {
    public Live {
      Objects.requireNonNull(since, "since");
    }

    @Override
    public Kind kind() {
      return Kind.LIVE;
    }
  }

  /**
   * The watch broke at {@code since}: the snapshot is what was known then, and changes since are
   * missing.
   */
  record Stale(Instant since) implements Freshness {
    public Stale {
      Objects.requireNonNull(since, "since");
    }

    @Override
    public Kind kind() {
      return Kind.STALE;
    }
  }

  /**
   * The API server has not been reached since start-up; the snapshot is generation
   * {@code generation} read from disk, saved at {@code savedAt}.
   */
  record Restored(Instant savedAt, long generation) implements Freshness {
    public Restored {
      Objects.requireNonNull(savedAt, "savedAt");
    }

    @Override
    public Kind kind() {
      return Kind.RESTORED;
    }

    @Override
    public Instant since() {
      return savedAt;
    }
  }

  /**
   * Nothing is known: the API server has not been reached since {@code since} and no snapshot
   * could be restored. The snapshot is empty.
   */
  record Unavailable(Instant since) implements Freshness {
    public Unavailable {
      Objects.requireNonNull(since, "since");
    }

    @Override
    public Kind kind() {
      return Kind.UNAVAILABLE;
    }
  }
}
