package io.edgeplace.core.image;

import java.util.Objects;

/**
 * Why the platforms of an image could not be read from its registry. The message names the image,
 * the registry and what went wrong, and never contains credentials or tokens.
 */
public final class RegistryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A small closed set of failure kinds. */
  public enum Kind {
    /** The reference itself is not valid; nothing was sent. */
    INVALID_REFERENCE(false),
    /** No connection could be made, or it broke. */
    UNREACHABLE(true),
    /** The registry did not answer within the configured timeout. */
    TIMEOUT(true),
    /** The registry answered 5xx or 429. */
    SERVER_ERROR(true),
    /** The manifest or blob does not exist (404). */
    NOT_FOUND(false),
    /** The registry refused access (401 after authenticating, or 403). */
    UNAUTHORIZED(false),
    /** Any other unexpected HTTP status, or a redirect that cannot be followed. */
    UNEXPECTED_RESPONSE(false),
    /** A document is larger than the configured limit. */
    DOCUMENT_TOO_LARGE(false),
    /** A document is not valid JSON, or a field has the wrong type or value. */
    MALFORMED_DOCUMENT(false),
    /** A valid document of a kind that has no platforms (an artifact, a schema 1 manifest). */
    UNSUPPORTED_DOCUMENT(false);

    private final boolean transientFailure;

    Kind(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** Whether asking again later may succeed without anything being changed (network, overload). */
    public boolean transientFailure() {
      return transientFailure;
    }
  }

  private final Kind kind;

  public RegistryException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public RegistryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
