package io.edgeplace.extender;

import io.edgeplace.extender.placement.CoreMetricsRecorder;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether saving to the {@code --cache-dir} works, as the topology source reports it: the last
 * save failure (cleared by the next save that works), and the core's other metrics, which the
 * extender exposes on {@code /metrics}. Thread-safe.
 */
final class CacheHealth extends CoreMetricsRecorder {
  private final InstantSource clock;
  private volatile @Nullable String failure;

  CacheHealth(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void persisted(String state, long generation, long bytes, Duration took) {
    super.persisted(state, generation, bytes, took);
    failure = null;
  }

  @Override
  public void persistFailed(String state, Throwable error) {
    super.persistFailed(state, error);
    if (failure == null) {
      failure = "saving to the cache directory fails since " + clock.instant() + " (" + error.getMessage()
          + "); serving from memory";
    }
  }

  /** A sentence saying that saves fail, or null while they work. */
  @Nullable String failure() {
    return failure;
  }
}
