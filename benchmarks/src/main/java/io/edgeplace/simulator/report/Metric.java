package io.edgeplace.simulator.report;

import io.edgeplace.simulator.run.Figures;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * One reported figure: its label, JSON key, how to read it from {@link Figures}, how to print
 * it, and whether lower is better (for charts). The table, the JSON and the HTML report all
 * list {@link #ALL} in this order, so they cannot drift apart.
 */
record Metric(String label, String key, ToDoubleFunction<Figures> value, boolean integer, String unit,
              boolean lowerIsBetter) {

  static final List<Metric> ALL = List.of(
      count("pods placed", "placed", Figures::placed, false),
      count("pods unschedulable", "unschedulable", Figures::unschedulable, true),
      count("arch mismatch (exec format error)", "archMismatch", Figures::archMismatch, true),
      count("runtime handler missing", "runtimeMissing", Figures::runtimeMissing, true),
      count("pods into disconnected units", "intoDisconnectedUnits", Figures::intoDisconnected, true),
      count("oversubscribed uplinks", "oversubscribedUplinks", Figures::oversubscribedUplinks, true),
      real("worst uplink utilisation", "worstUplinkPercent", Figures::worstUplinkPercent, "%"),
      real("cross-unit WAN traffic", "wanMbps", Figures::wanMbps, "Mbit/s"),
      real("replicas-per-unit skew (mean)", "meanSkew", Figures::meanSkew, ""),
      count("replicas-per-unit skew (max)", "maxSkew", Figures::maxSkew, true),
      count("apps with all replicas in one unit", "appsInOneUnit", Figures::appsInOneUnit, true),
      real("image pull time (total)", "pullSecondsTotal", Figures::pullSecondsTotal, "s"),
      real("image pull time (mean per pod)", "pullSecondsMean", Figures::pullSecondsMean, "s"),
      real("decision latency (median)", "latencyMedianMicros", Figures::latencyMedianMicros, "µs"),
      real("decision latency (p99)", "latencyP99Micros", Figures::latencyP99Micros, "µs"));

  private static Metric count(String label, String key, ToDoubleFunction<Figures> value, boolean lower) {
    return new Metric(label, key, value, true, "", lower);
  }

  private static Metric real(String label, String key, ToDoubleFunction<Figures> value, String unit) {
    return new Metric(label, key, value, false, unit, true);
  }

  String format(Figures f) {
    double v = value.applyAsDouble(f);
    if (integer) {
      return Long.toString(Math.round(v));
    }
    String number = Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f", v);
    return unit.isEmpty() ? number : number + " " + unit;
  }
}
