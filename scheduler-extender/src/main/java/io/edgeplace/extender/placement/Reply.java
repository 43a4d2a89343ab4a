package io.edgeplace.extender.placement;

import java.util.Objects;

/**
 * An HTTP reply: status, body, the outcome label for metrics, and the content type.
 *
 * @param status      the HTTP status
 * @param body        the body
 * @param outcome     {@code ok}, {@code error}, {@code refused}, {@code bad_request}, {@code unavailable} …
 * @param contentType the body's media type
 */
public record Reply(int status, byte[] body, String outcome, String contentType) {
  public static final String JSON = "application/json";

  public Reply {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(contentType, "contentType");
  }

  /** A JSON reply. */
  public Reply(int status, byte[] body, String outcome) {
    this(status, body, outcome, JSON);
  }
}
