package io.edgeplace.core.image;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The resolver's default clock: wall-clock time at start plus the elapsed {@link System#nanoTime()}.
 * The cache reads the clock several times per lookup; {@code nanoTime} is an intrinsic, the
 * system clock a native call several times slower. Ages and refresh intervals only need elapsed
 * time, and the drift from the wall clock over a process's life is irrelevant for them.
 */
final class MonotonicClock implements InstantSource {
  static final MonotonicClock INSTANCE = new MonotonicClock();

  private final long startSeconds;
  private final long startNanoOfSecond;
  private final long startTicks;

  private MonotonicClock() {
    Instant now = Instant.now();
    this.startTicks = System.nanoTime();
    this.startSeconds = now.getEpochSecond();
    this.startNanoOfSecond = now.getNano();
  }

  @Override
  public Instant instant() {
    long nanos = startNanoOfSecond + (System.nanoTime() - startTicks);
    return Instant.ofEpochSecond(startSeconds + Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public String toString() {
    return "MonotonicClock[started " + Instant.ofEpochSecond(startSeconds, startNanoOfSecond) + "]";
  }
}
