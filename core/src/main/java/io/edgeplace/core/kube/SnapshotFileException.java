package io.edgeplace.core.kube;

/**
 * A cluster snapshot file that cannot be used. The message names the file, where it helps the
 * line, the object ({@code items[3] Node edge-1}), the field path and the value, what was
 * expected and what to do.
 */
public final class SnapshotFileException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String object;
  private final String field;
  private final String value;

  SnapshotFileException(String file, String object, String field, String value, String problem, Throwable cause) {
    super(message(file, object, field, value, problem), cause);
    this.file = file;
    this.object = object;
    this.field = field;
    this.value = value;
  }

  SnapshotFileException(String file, String object, String field, String value, String problem) {
    super(message(file, object, field, value, problem));
    this.file = file;
    this.object = object;
    this.field = field;
    this.value = value;
  }

  /** The file name as given. */
  public String file() {
    return file;
  }

  /** The object, such as {@code items[3] Node edge-1}; empty when the file as a whole is at fault. */
  public String object() {
    return object;
  }

  /** The field path in the object, such as {@code status.allocatable["cpu"]}; empty when none. */
  public String field() {
    return field;
  }

  /** The offending value; empty when none. */
  public String value() {
    return value;
  }

  private static String message(String file, String object, String field, String value, String problem) {
    StringBuilder sb = new StringBuilder("cluster snapshot file ").append(file).append(": ");
    if (!object.isEmpty()) {
      sb.append(object).append(": ");
    }
    if (!field.isEmpty()) {
      sb.append(field).append(" = ").append(InvalidValueException.quote(value)).append(' ');
    } else if (!value.isEmpty()) {
      sb.append(InvalidValueException.quote(value)).append(' ');
    }
    return sb.append(problem).toString();
  }
}
