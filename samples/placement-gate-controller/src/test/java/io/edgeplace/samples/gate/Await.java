package io.edgeplace.samples.gate;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A bounded poll loop: waits for a condition until a deadline, then fails saying what was awaited. */
final class Await {
  private Await() {
  }

  static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; state: " + state.get());
      }
      LockSupport.parkNanos(20_000_000L); // the step of the poll loop
    }
  }
}
