package io.edgeplace.simulator.scenario;

import java.time.Duration;

/**
 * The uplink of {@code unit} is down from arrival step {@code from} (minus {@code since}: the
 * outage may have begun before) until step {@code to} (exclusive; -1 for the end of the run).
 */
public record OutageSpec(String unit, int from, int to, Duration since, String path) {
}
