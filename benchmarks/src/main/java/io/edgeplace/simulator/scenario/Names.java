package io.edgeplace.simulator.scenario;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/*
 * Names of the members of a group: "site" with count 3 is site-01, site-02, site-03; "line-{i}-db"
 * is line-01-db …; a single member keeps its name. Numbers are padded to the width of the count
 * (at least two digits) so that name order is numeric order.
 */
final class Names {
  private Names() {
  }

  static List<String> expand(String pattern, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      out.add(member(pattern, i, count));
    }
    return out;
  }

  /** The {@code i}-th (1-based) member's name. */
  static String member(String pattern, int i, int count) {
    if (pattern.contains("{i}")) {
      return substitute(pattern, i, count);
    }
    return count == 1 ? pattern : pattern + "-" + pad(i, count);
  }

  /** {@code text} with {@code {i}} replaced by the padded number {@code i}. */
  static String substitute(String text, int i, int count) {
    return text.replace("{i}", pad(i, count));
  }

  /** Every distinct value {@code text} takes over the members of a group of {@code count}. */
  static Collection<String> substituteAll(String text, int count) {
    if (!text.contains("{i}")) {
      return List.of(text);
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (int i = 1; i <= count; i++) {
      out.add(substitute(text, i, count));
    }
    return out;
  }

  private static String pad(int i, int count) {
    int width = Math.max(2, Integer.toString(count).length());
    String s = Integer.toString(i);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /** "; maybe \"x\"?" for the candidate sharing the longest prefix, or "" when none is close. */
  static String hint(String value, Collection<String> candidates) {
    String best = null;
    int bestPrefix = 0;
    for (String c : candidates) {
      int p = 0;
      while (p < c.length() && p < value.length() && c.charAt(p) == value.charAt(p)) {
        p++;
      }
      if (p > bestPrefix) {
        bestPrefix = p;
        best = c;
      }
    }
    return best != null && bestPrefix >= Math.min(3, value.length()) ? "; maybe \"" + best + "\"?" : "";
  }
}
