package io.edgeplace.simulator.report;

import io.edgeplace.simulator.run.Figures;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page comparing policies: the figures as a table, one bar chart per
 * figure, and each policy's uplink utilisation by unit. Charts are inline SVG; the page loads
 * nothing from anywhere, so it opens offline.
 */
public final class HtmlReport {
  private static final String[] COLORS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1"};
  private static final double UPLINK_CHART_CAP = 300;

  private HtmlReport() {
  }

  public static String render(ScenarioInstance instance, List<Figures> runs, String command) {
    StringBuilder h = new StringBuilder(64 * 1024);
    String title = "edgeplace simulator: " + instance.scenario().name();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
        .append("</title>\n<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#1a202c;max-width:1100px}"
            + "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #e2e8f0;text-align:right}"
            + "td:first-child,th:first-child{text-align:left}.best{font-weight:bold;color:#276749}"
            + ".charts{display:flex;flex-wrap:wrap;gap:14px}.chart{border:1px solid #e2e8f0;padding:6px}"
            + "code{background:#edf2f7;padding:1px 4px}</style></head><body>\n");
    h.append("<h1>").append(esc(title)).append("</h1>\n<p>").append(instance.units().size()).append(" units, ")
        .append(instance.nodes().size()).append(" nodes, ").append(instance.arrivals().size())
        .append(" pods, seed ").append(instance.seed()).append(". Command: <code>").append(esc(command))
        .append("</code></p>\n");
    legend(h, runs);
    table(h, runs);
    h.append("<h2>Figures</h2>\n<div class=\"charts\">\n");
    for (Metric m : Metric.ALL) {
      barChart(h, m, runs);
    }
    h.append("</div>\n<h2>Uplink utilisation by unit</h2>\n<p>The busier direction of each unit's uplink over "
        + "its capacity, units sorted from the busiest; the red line is 100%. Bars are cut at ")
        .append((int) UPLINK_CHART_CAP).append("%.</p>\n");
    for (int p = 0; p < runs.size(); p++) {
      uplinkChart(h, runs.get(p), COLORS[p % COLORS.length]);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void legend(StringBuilder h, List<Figures> runs) {
    h.append("<p>");
    for (int p = 0; p < runs.size(); p++) {
      h.append("<svg width=\"12\" height=\"12\"><rect width=\"12\" height=\"12\" fill=\"")
          .append(COLORS[p % COLORS.length]).append("\"/></svg> ").append(esc(runs.get(p).policy())).append(" &nbsp; ");
    }
    h.append("</p>\n");
  }

  private static void table(StringBuilder h, List<Figures> runs) {
    h.append("<table><tr><th>figure</th>");
    for (Figures f : runs) {
      h.append("<th>").append(esc(f.policy())).append("</th>");
    }
    h.append("</tr>\n");
    for (Metric m : Metric.ALL) {
      double best = m.lowerIsBetter() ? Double.MAX_VALUE : -Double.MAX_VALUE;
      for (Figures f : runs) {
        double v = m.value().applyAsDouble(f);
        best = m.lowerIsBetter() ? Math.min(best, v) : Math.max(best, v);
      }
      h.append("<tr><td>").append(esc(m.label())).append("</td>");
      for (Figures f : runs) {
        boolean isBest = runs.size() > 1 && m.value().applyAsDouble(f) == best;
        h.append(isBest ? "<td class=\"best\">" : "<td>").append(esc(m.format(f))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void barChart(StringBuilder h, Metric m, List<Figures> runs) {
    int width = 300;
    int barHeight = 18;
    int top = 34;
    int height = top + runs.size() * (barHeight + 6) + 4;
    double max = 0;
    for (Figures f : runs) {
      max = Math.max(max, m.value().applyAsDouble(f));
    }
    h.append("<div class=\"chart\"><svg width=\"").append(width).append("\" height=\"").append(height)
        .append("\" role=\"img\" aria-label=\"").append(esc(m.label())).append("\">")
        .append("<text x=\"0\" y=\"13\" font-size=\"12\" font-weight=\"bold\">").append(esc(m.label()))
        .append("</text><text x=\"0\" y=\"26\" font-size=\"10\" fill=\"#718096\">")
        .append(m.lowerIsBetter() ? "lower is better" : "higher is better").append("</text>");
    for (int p = 0; p < runs.size(); p++) {
      Figures f = runs.get(p);
      double v = m.value().applyAsDouble(f);
      double w = max <= 0 ? 0 : (width - 90) * v / max;
      int y = top + p * (barHeight + 6);
      h.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(fmt(Math.max(w, v > 0 ? 1 : 0)))
          .append("\" height=\"").append(barHeight).append("\" fill=\"").append(COLORS[p % COLORS.length])
          .append("\"><title>").append(esc(f.policy() + ": " + m.format(f))).append("</title></rect>")
          .append("<text x=\"").append(fmt(w + 4)).append("\" y=\"").append(y + 13).append("\" font-size=\"11\">")
          .append(esc(m.format(f))).append("</text>");
    }
    h.append("</svg></div>\n");
  }

  private static void uplinkChart(StringBuilder h, Figures f, String color) {
    List<Figures.UnitLoad> units = new ArrayList<>();
    for (Figures.UnitLoad u : f.units()) {
      if (u.capacityBitsPerSecond() != io.edgeplace.api.Unit.UNLIMITED) {
        units.add(u);
      }
    }
    units.sort(Comparator.comparingDouble(Figures.UnitLoad::utilisationPercent).reversed());
    int plotHeight = 150;
    int left = 40;
    int width = 1000;
    double barWidth = units.isEmpty() ? 0 : (double) (width - left) / units.size();
    h.append("<div class=\"chart\"><svg width=\"").append(width).append("\" height=\"").append(plotHeight + 30)
        .append("\" role=\"img\" aria-label=\"uplink utilisation, ").append(esc(f.policy())).append("\">")
        .append("<text x=\"0\" y=\"12\" font-size=\"12\" font-weight=\"bold\">").append(esc(f.policy()))
        .append(": ").append(f.oversubscribedUplinks()).append(" of ").append(f.limitedUplinks())
        .append(" uplinks over 100%</text>");
    int base = plotHeight + 20;
    for (int pct = 0; pct <= UPLINK_CHART_CAP; pct += 100) {
      double y = base - plotHeight * pct / UPLINK_CHART_CAP;
      h.append("<text x=\"0\" y=\"").append(fmt(y + 4)).append("\" font-size=\"10\">").append(pct)
          .append("%</text><line x1=\"").append(left).append("\" x2=\"").append(width).append("\" y1=\"")
          .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\" stroke=\"")
          .append(pct == 100 ? "#e53e3e" : "#e2e8f0").append("\"/>");
    }
    for (int i = 0; i < units.size(); i++) {
      Figures.UnitLoad u = units.get(i);
      double pct = Math.min(UPLINK_CHART_CAP, u.utilisationPercent());
      double bh = plotHeight * pct / UPLINK_CHART_CAP;
      h.append("<rect x=\"").append(fmt(left + i * barWidth)).append("\" y=\"").append(fmt(base - bh))
          .append("\" width=\"").append(fmt(Math.max(0.5, barWidth * 0.85))).append("\" height=\"").append(fmt(bh))
          .append("\" fill=\"").append(color).append("\"><title>")
          .append(esc(String.format(Locale.ROOT, "%s: %.0f%% of %.0f Mbit/s, %d pods", u.unit(),
              u.utilisationPercent(), u.capacityBitsPerSecond() / 1e6, u.pods())))
          .append("</title></rect>");
    }
    h.append("</svg></div>\n");
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
