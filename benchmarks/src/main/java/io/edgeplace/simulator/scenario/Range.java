package io.edgeplace.simulator.scenario;

/** A closed range; {@code min == max} for a fixed value. Drawn log-uniformly for bandwidths. */
public record Range(long min, long max) {
  public static Range fixed(long v) {
    return new Range(v, v);
  }
}
