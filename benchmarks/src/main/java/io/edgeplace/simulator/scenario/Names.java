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

  /** "; maybe \"x\"?" for the nearest candidate by edit distance, or "" when none is close. */
  static String hint(String value, Collection<String> candidates) {
    String best = nearest(value, candidates);
    return best == null ? "" : "; maybe \"" + best + "\"?";
  }

  /** The candidate nearest to {@code value} by edit distance, if within a third of its length (at least 2). */
  static @org.jspecify.annotations.Nullable String nearest(String value, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(value.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return bestDistance <= Math.max(2, value.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
