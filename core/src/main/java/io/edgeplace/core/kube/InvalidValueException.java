package io.edgeplace.core.kube;

import org.jspecify.annotations.Nullable;

/**
 * A value read from a Kubernetes object or a snapshot file that is not what edgeplace expects.
 * The message names the object (such as {@code Node edge-1}), the field path (such as
 * {@code metadata.annotations["edgeplace.io/uplink-bandwidth"]}), the value, what was expected,
 * and where it helps, a "Maybe …" hint.
 *
 * <p>The parsers ({@link Quantities}, {@link Annotations}) throw it without an object or field;
 * the adapters add them with {@link #at(String, String)}.
 */
public final class InvalidValueException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_SHOWN = 120;

  private final String object;
  private final String field;
  private final String value;
  private final String problem;

  /**
   * @param value   the offending value, as written
   * @param problem what is wrong and what was expected, such as
   *                {@code "is not a Kubernetes quantity; expected …"}
   */
  public InvalidValueException(String value, String problem) {
    this("", "", value, problem, null);
  }

  private InvalidValueException(String object, String field, String value, String problem,
                                @Nullable Throwable cause) {
    super(message(object, field, value, problem), cause);
    this.object = object;
    this.field = field;
    this.value = value;
    this.problem = problem;
  }

  /** This error located at {@code field} of {@code object}; keeps a location already set. */
  public InvalidValueException at(String object, String field) {
    String o = this.object.isEmpty() ? object : this.object;
    String f = this.field.isEmpty() ? field : this.field;
    return new InvalidValueException(o, f, value, problem, this);
  }

  /** The object, such as {@code Node edge-1} or {@code Pod default/web-0}; empty when unknown. */
  public String object() {
    return object;
  }

  /** The field path, such as {@code metadata.annotations["edgeplace.io/platforms"]}; empty when unknown. */
  public String field() {
    return field;
  }

  /** The offending value as written. */
  public String value() {
    return value;
  }

  /** What is wrong with the value and what was expected. */
  public String problem() {
    return problem;
  }

  private static String message(String object, String field, String value, String problem) {
    StringBuilder sb = new StringBuilder();
    if (!object.isEmpty()) {
      sb.append(object).append(": ");
    }
    if (!field.isEmpty()) {
      sb.append(field).append(" = ");
    }
    sb.append(quote(value)).append(' ').append(problem);
    return sb.toString();
  }

  /** {@code value} in double quotes, control characters escaped, long values shortened. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_SHOWN) + 8).append('"');
    int n = Math.min(value.length(), MAX_SHOWN);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > MAX_SHOWN) {
      sb.append("…(").append(value.length()).append(" chars)");
    }
    return sb.append('"').toString();
  }
}
