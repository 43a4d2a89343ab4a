package io.edgeplace.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeplace.simulator.run.Figures;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import java.util.List;

/**
 * The text renderings of a comparison: an aligned table (one column per policy) and JSON. Both
 * list the figures of {@link Metric#ALL} in one order.
 */
public final class Reports {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {
  }

  /** A table with a header naming the scenario, the fleet size and the seed. */
  public static String table(ScenarioInstance instance, List<Figures> runs) {
    StringBuilder out = new StringBuilder();
    out.append("scenario ").append(instance.scenario().name()).append(": ").append(instance.units().size())
        .append(" units, ").append(instance.nodes().size()).append(" nodes, ").append(instance.arrivals().size())
        .append(" pods, seed ").append(instance.seed()).append('\n');
    int labelWidth = "metric".length();
    for (Metric m : Metric.ALL) {
      labelWidth = Math.max(labelWidth, m.label().length());
    }
    int[] widths = new int[runs.size()];
    for (int p = 0; p < runs.size(); p++) {
      widths[p] = runs.get(p).policy().length();
      for (Metric m : Metric.ALL) {
        widths[p] = Math.max(widths[p], m.format(runs.get(p)).length());
      }
    }
    out.append(pad("metric", labelWidth));
    for (int p = 0; p < runs.size(); p++) {
      out.append("  ").append(padLeft(runs.get(p).policy(), widths[p]));
    }
    out.append('\n').append("-".repeat(labelWidth));
    for (int w : widths) {
      out.append("  ").append("-".repeat(w));
    }
    out.append('\n');
    for (Metric m : Metric.ALL) {
      out.append(pad(m.label(), labelWidth));
      for (int p = 0; p < runs.size(); p++) {
        out.append("  ").append(padLeft(m.format(runs.get(p)), widths[p]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }

  private static String padLeft(String s, int w) {
    return " ".repeat(Math.max(0, w - s.length())) + s;
  }

  /**
   * JSON: {@code {"scenario": …, "units": …, "nodes": …, "pods": …, "seed": …, "policies":
   * {"edgeplace": {"placed": …, …, "uplinks": [{"unit", "capacityBps", "inBps", "outBps",
   * "utilisationPercent", "pods"}]}}}}.
   */
  public static String json(ScenarioInstance instance, List<Figures> runs) {
    ObjectNode root = JSON.createObjectNode();
    root.put("scenario", instance.scenario().name());
    root.put("units", instance.units().size());
    root.put("nodes", instance.nodes().size());
    root.put("pods", instance.arrivals().size());
    root.put("seed", instance.seed());
    ObjectNode policies = root.putObject("policies");
    for (Figures f : runs) {
      ObjectNode p = policies.putObject(f.policy());
      for (Metric m : Metric.ALL) {
        double v = m.value().applyAsDouble(f);
        if (m.integer()) {
          p.put(m.key(), Math.round(v));
        } else {
          p.put(m.key(), Math.round(v * 1000) / 1000.0);
        }
      }
      ArrayNode uplinks = p.putArray("uplinks");
      for (Figures.UnitLoad u : f.units()) {
        ObjectNode o = uplinks.addObject();
        o.put("unit", u.unit());
        if (u.capacityBitsPerSecond() == io.edgeplace.api.Unit.UNLIMITED) {
          o.putNull("capacityBps");
        } else {
          o.put("capacityBps", u.capacityBitsPerSecond());
        }
        o.put("inBps", u.inBitsPerSecond());
        o.put("outBps", u.outBitsPerSecond());
        o.put("utilisationPercent", Math.round(u.utilisationPercent() * 10) / 10.0);
        o.put("pods", u.pods());
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write the JSON report", e);
    }
  }
}
