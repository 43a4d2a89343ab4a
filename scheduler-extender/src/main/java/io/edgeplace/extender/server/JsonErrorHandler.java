package io.edgeplace.extender.server;

import io.edgeplace.extender.wire.WireEncoder;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * Errors Jetty raises itself before a request reaches the extender (headers too large, a bad
 * request line, an unsupported protocol) as the same JSON body the extender writes:
 * {@code {"error": "..."}}, never an HTML page, never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final WireEncoder encoder = new WireEncoder();

  JsonErrorHandler() {
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, @Nullable String message,
                                  @Nullable Throwable cause, Callback callback) {
    String reason = HttpStatus.getMessage(code);
    String text = "HTTP " + code + " " + reason + (message == null || message.isEmpty() || message.equals(reason)
        ? "" : ": " + message);
    byte[] body = encoder.error(text);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
