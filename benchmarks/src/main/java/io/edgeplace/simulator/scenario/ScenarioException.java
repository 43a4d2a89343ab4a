package io.edgeplace.simulator.scenario;

/**
 * A scenario file that cannot be used. The message is one line that names the file (when
 * known), the field path and the offending value, and says what was expected, such as
 * {@code units[0].uplink.bandwidth: "10Q" is not a bandwidth in bits/s (such as 100M or 1G)}.
 */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  /** This error with {@code prefix} (usually the file name) in front of its message. */
  ScenarioException in(String prefix) {
    ScenarioException e = new ScenarioException(prefix + ": " + getMessage());
    e.setStackTrace(getStackTrace());
    return e;
  }
}
