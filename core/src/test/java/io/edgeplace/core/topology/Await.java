package io.edgeplace.core.topology;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for a condition, instead of sleeping in tests. */
final class Await {
  private Await() {
  }

  static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; " + state.get());
      }
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // the step of a bounded poll loop
      if (Thread.interrupted()) {
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }
}
