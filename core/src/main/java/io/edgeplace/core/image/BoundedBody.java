package io.edgeplace.core.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * Reads a response body into memory, never more than a limit. A success body over the limit
 * (declared by {@code Content-Length} or counted as it streams) fails the exchange with a
 * {@link TooLargeException} and cancels the transfer; an error body is cut at a smaller limit,
 * since only its first lines are shown; a redirect's body is dropped.
 */
final class BoundedBody {
  /** How much of an error body is kept for the message. */
  static final int ERROR_BODY_LIMIT = 16 * 1024;

  private BoundedBody() {
  }

  /** Thrown (as the failure of the exchange) when a document exceeds the limit. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  static BodyHandler<byte[]> handler(long limit) {
    return info -> {
      int status = info.statusCode();
      if (status >= 300 && status < 400) {
        return BodySubscribers.replacing(new byte[0]);
      }
      boolean success = status >= 200 && status < 300;
      long cap = success ? limit : Math.min(limit, ERROR_BODY_LIMIT);
      OptionalLong declared;
      try {
        declared = info.headers().firstValueAsLong("content-length");
      } catch (NumberFormatException e) {
        declared = OptionalLong.empty();
      }
      String tooLarge = success && declared.isPresent() && declared.getAsLong() > limit
          ? "declares " + declared.getAsLong() + " bytes (Content-Length), more than the limit of " + limit + " bytes"
          : null;
      return new Subscriber(cap, !success, tooLarge);
    };
  }

  private static final class Subscriber implements BodySubscriber<byte[]> {
    private final long cap;
    private final boolean truncate;
    private final @Nullable String failAtOnce;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Flow.@Nullable Subscription subscription;

    Subscriber(long cap, boolean truncate, @Nullable String failAtOnce) {
      this.cap = cap;
      this.truncate = truncate;
      this.failAtOnce = failAtOnce;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (failAtOnce != null) {
        s.cancel();
        result.completeExceptionally(new TooLargeException(failAtOnce));
        return;
      }
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer buffer : items) {
        int n = buffer.remaining();
        if (out.size() + (long) n > cap) {
          if (truncate) {
            byte[] part = new byte[(int) (cap - out.size())];
            buffer.get(part);
            out.write(part, 0, part.length);
            result.complete(out.toByteArray());
          } else {
            result.completeExceptionally(new TooLargeException(
                "is larger than the limit of " + cap + " bytes (more than " + (out.size() + (long) n) + " bytes sent)"));
          }
          cancel();
          return;
        }
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        out.write(bytes, 0, n);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      result.complete(out.toByteArray());
    }

    private void cancel() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
