package io.edgeplace.extender.wire;

/**
 * A request body that is not the expected wire type: malformed JSON, a wrong type, a missing
 * field, or a limit exceeded. The message names the field (as a path such as
 * {@code Nodes.items[3].metadata.name}) and says what was wrong; it becomes the body of a 400.
 */
public final class WireFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public WireFormatException(String message) {
    super(message, null, false, false);
  }
}
