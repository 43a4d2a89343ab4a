package io.edgeplace.api.store;

import java.io.IOException;

/**
 * Bytes that are not a valid encoding: a bad magic number, a count or length larger than what
 * remains, an unknown tag. The message names the field, its value and the byte offset.
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
