package io.edgeplace.simulator.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/*
 * One value of a parsed scenario tree together with its path ("units[2].uplink.bandwidth"), so
 * that every error names the field and the value. Objects are checked for unknown keys with a
 * "Maybe …" hint for the nearest known key: a typo never silently falls back to a default.
 */
final class Field {
  private final JsonNode node;
  private final String path;

  Field(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  JsonNode raw() {
    return node;
  }

  ScenarioException error(String what) {
    return new ScenarioException(path + ": " + shown() + " " + what);
  }

  /** The value as it appears in messages: quoted text, or the YAML scalar/structure kind. */
  String shown() {
    if (node.isTextual()) {
      return quote(node.asText());
    }
    if (node.isValueNode()) {
      return printable(node.asText());
    }
    return node.isArray() ? "(a list)" : "(a mapping)";
  }

  /** {@code "text"}, shortened to 80 characters, control characters escaped: safe in a one-line message. */
  static String quote(String s) {
    return "\"" + printable(s) + "\"";
  }

  private static String printable(String s) {
    String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
    StringBuilder b = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '"' -> b.append("\\\"");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
              || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  // ---- objects ----

  /** Checks that this is a mapping whose keys are all among {@code allowed}. */
  Field object(String... allowed) {
    if (!node.isObject()) {
      throw error("is not a mapping; expected keys " + String.join(", ", allowed));
    }
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!ok.contains(key)) {
        String near = Names.nearest(key, java.util.List.of(allowed));
        throw new ScenarioException(child(key) + ": unknown key " + quote(key) + "; expected one of "
            + String.join(", ", new TreeSet<>(ok)) + (near == null ? "" : ". Maybe \"" + near + "\"?"));
      }
    }
    return this;
  }

  boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  Field get(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new ScenarioException(child(key) + ": is missing; it is required");
    }
    return new Field(v, child(key));
  }

  private String child(String key) {
    String k = printable(key);
    return path.isEmpty() ? k : path + "." + k;
  }

  /** The mapping's entries, in file order. */
  Map<String, Field> entries() {
    if (!node.isObject()) {
      throw error("is not a mapping");
    }
    Map<String, Field> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> out.put(e.getKey(), new Field(e.getValue(), child(e.getKey()))));
    return out;
  }

  /** The list's elements; a single scalar counts as a list of one when {@code scalarOk}. */
  List<Field> list(boolean scalarOk) {
    if (!node.isArray()) {
      if (scalarOk && node.isValueNode()) {
        return List.of(this);
      }
      throw error("is not a list");
    }
    List<Field> out = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      out.add(new Field(node.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  // ---- scalars ----

  String text() {
    if (!node.isValueNode() || node.isNull()) {
      throw error("is not a scalar; expected a text value");
    }
    return node.asText();
  }

  /** A non-empty name of letters, digits, '-', '.', '_' and an optional {i} placeholder. */
  String name() {
    String s = text();
    if (!s.matches("[A-Za-z0-9]([A-Za-z0-9._-]|\\{i})*")) {
      throw error("is not a valid name; use letters, digits, '-', '.' and '_' (and {i} in groups)");
    }
    return s;
  }

  long integer(long min, long max) {
    if (!node.isIntegralNumber()) {
      throw error("is not a whole number; expected one from " + min + " to " + max);
    }
    if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
      throw error("is out of range; expected a whole number from " + min + " to " + max);
    }
    return node.asLong();
  }

  double fraction() {
    if (!node.isNumber() || node.asDouble() < 0 || node.asDouble() > 1 || Double.isNaN(node.asDouble())) {
      throw error("is not a fraction; expected a number from 0 to 1");
    }
    return node.asDouble();
  }

  boolean bool() {
    if (!node.isBoolean()) {
      throw error("is not true or false");
    }
    return node.asBoolean();
  }

  <T> T parsed(String expected, Function<String, T> parser) {
    String raw = node.isNumber() ? new BigDecimal(node.asText()).toPlainString() : text();
    try {
      return parser.apply(raw);
    } catch (IllegalArgumentException | ArithmeticException e) {
      String why = e.getMessage() == null ? "" : e.getMessage();
      throw error("is not " + expected + (why.isEmpty() ? "" : ": " + why));
    }
  }

  /** Bytes or bits/s as a Kubernetes quantity; at least {@code min}. */
  long amount(String expected, long min) {
    long v = parsed(expected, Quantities::whole);
    if (v < min) {
      throw error("is too small; expected " + expected + " of at least " + min);
    }
    return v;
  }

  long milliCpu() {
    return parsed("a CPU amount (such as 250m or 2)", Quantities::milliCpu);
  }

  Duration duration() {
    return parsed("a duration (such as 40ms, 10s or 5m)", Quantities::duration);
  }
}
