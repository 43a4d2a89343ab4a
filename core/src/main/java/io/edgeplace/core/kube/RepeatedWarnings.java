package io.edgeplace.core.kube;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/*
 * Which malformed-value warnings to log at WARN: the first of each message within a window.
 * kube-scheduler retries an unschedulable pod every few seconds, and an informer converts an
 * object again on every update, so the same warning would otherwise fill the log; repeats go to
 * DEBUG. Bounded: at most {@code maxMessages} are remembered, the oldest forgotten first.
 */
final class RepeatedWarnings {
  static final RepeatedWarnings SHARED = new RepeatedWarnings(Duration.ofMinutes(10), 10_000, Ticker.systemTicker());

  private final Cache<String, Boolean> seen;

  RepeatedWarnings(Duration window, long maxMessages, Ticker ticker) {
    this.seen = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(maxMessages).ticker(ticker)
        .executor(Runnable::run).build();
  }

  /** Whether {@code message} was not seen within the window; it counts as seen from now. */
  boolean isFirst(String message) {
    return seen.asMap().putIfAbsent(message, Boolean.TRUE) == null;
  }

  /** How many messages are remembered now. */
  long remembered() {
    seen.cleanUp();
    return seen.estimatedSize();
  }
}
