package io.edgeplace.extender.placement;

import java.util.Arrays;
import java.util.Objects;

/**
 * An HTTP reply: status, body, the outcome label for metrics, and the content type. The body is
 * the first {@code length} bytes of {@code buffer}, which may be a buffer the caller lent to the
 * verb (see {@link ExtenderService#filter(io.edgeplace.extender.wire.ExtenderArgs,
 * io.edgeplace.extender.wire.JsonBytes)}) and is then valid until the caller reuses it.
 *
 * @param status      the HTTP status
 * @param buffer      holds the body in its first {@code length} bytes
 * @param length      the body's length
 * @param outcome     {@code ok}, {@code error}, {@code refused}, {@code bad_request}, {@code unavailable} …
 * @param contentType the body's media type
 */
public record Reply(int status, byte[] buffer, int length, String outcome, String contentType) {
  public static final String JSON = "application/json";

  public Reply {
    Objects.requireNonNull(buffer, "buffer");
    Objects.checkFromIndexSize(0, length, buffer.length);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(contentType, "contentType");
  }

  /** A reply whose body is all of {@code body}. */
  public Reply(int status, byte[] body, String outcome, String contentType) {
    this(status, body, body.length, outcome, contentType);
  }

  /** A JSON reply whose body is all of {@code body}. */
  public Reply(int status, byte[] body, String outcome) {
    this(status, body, body.length, outcome, JSON);
  }

  /** The body on its own: the buffer itself when it holds nothing else, else a copy. */
  public byte[] body() {
    return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
  }
}
