package io.edgeplace.core.engine;

import io.edgeplace.api.PlacementResult;
import java.time.Duration;

/**
 * Told of every placement an engine makes, for metrics and tracing. Called on the placing
 * thread after the result is complete; it should be quick and must not throw (an exception is
 * logged and otherwise ignored: it never fails the placement).
 */
@FunctionalInterface
public interface PlacementListener {

  /** A listener that does nothing. */
  PlacementListener NONE = (result, elapsed) -> { };

  /**
   * @param result  the placement's result
   * @param elapsed how long the placement took, measured on the engine's clock
   */
  void placed(PlacementResult result, Duration elapsed);
}
