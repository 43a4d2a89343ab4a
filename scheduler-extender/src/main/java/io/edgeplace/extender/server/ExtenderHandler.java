package io.edgeplace.extender.server;

import com.fasterxml.jackson.core.JsonGenerator;
import io.edgeplace.extender.placement.ExtenderMetrics;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.Freshness;
import io.edgeplace.extender.placement.Reply;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.wire.ExtenderArgs;
import io.edgeplace.extender.wire.WireDecoder;
import io.edgeplace.extender.wire.WireEncoder;
import io.edgeplace.extender.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the extender's endpoints: {@code POST /filter}, {@code /prioritize}, {@code /explain},
 * {@code /bind} (when binding is enabled), {@code GET /healthz}, {@code /readyz},
 * {@code /metrics}.
 *
 * <p>Every failure is a JSON {@code {"error": "..."}} reply with a 4xx (or a 500 for a bug),
 * scoped to its own request: a wrong path is 404, a wrong method 405 (with {@code Allow}), a
 * body over the limit 413, a body that is not the wire type 400 naming the field.
 *
 * <p>On the health connector (when there is one) only {@code /healthz}, {@code /readyz} and
 * {@code /metrics} are served; every other path there is a 404 in the same JSON shape.
 */
final class ExtenderHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ExtenderHandler.class);

  private final ExtenderService service;
  private final SnapshotSource source;
  private final ExtenderMetrics metrics;
  private final WireDecoder decoder;
  private final WireEncoder encoder = new WireEncoder();
  private final int maxBodyBytes;
  private final InstantSource clock;
  private final @Nullable Connector healthConnector;
  private final RequestBuffers buffers = new RequestBuffers(4);
  private static final int FIRST_BODY_BYTES = 1 << 20;

  /**
   * @param healthConnector the plain-HTTP health connector, which serves only health, readiness
   *                        and metrics, or null when there is none
   */
  ExtenderHandler(ExtenderService service, SnapshotSource source, ExtenderMetrics metrics, int maxBodyBytes,
                  InstantSource clock, @Nullable Connector healthConnector) {
    super(InvocationType.BLOCKING);
    this.service = Objects.requireNonNull(service, "service");
    this.source = Objects.requireNonNull(source, "source");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.maxBodyBytes = maxBodyBytes;
    this.decoder = WireDecoder.forBodyLimit(maxBodyBytes);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.healthConnector = healthConnector;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    String verb = switch (path) {
      case "/filter", "/prioritize", "/explain", "/bind", "/healthz", "/readyz", "/metrics" -> path.substring(1);
      default -> "other";
    };
    boolean healthPort = healthConnector != null && request.getConnectionMetaData().getConnector() == healthConnector;
    if (healthPort && !(verb.equals("healthz") || verb.equals("readyz") || verb.equals("metrics"))) {
      verb = "other";
    }
    Reply reply;
    RequestBuffers.Lent lent = buffers.lend();
    try {
      reply = healthPort && verb.equals("other")
          ? error(404, "no endpoint " + request.getMethod() + " " + path + " on the health port; it serves only GET "
              + "/healthz, /readyz, /metrics; the placement endpoints are on the --listen address", "bad_request")
          : route(verb, path, request, response, lent);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.warn("internal error answering {} {}", request.getMethod(), path, e);
      reply = new Reply(500, encoder.error("internal error: " + e + "; the request was not processed"), "internal");
    }
    if (!lent.bodyRead() && mayHaveBody(request)) {
      // a body left unread (a wrong path or method) makes Jetty close the connection after the
      // reply; saying so lets the client open a new one instead of reusing this one and failing
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.length());
    // the buffers go back once the reply is written (it may be in one of them), and not before;
    // the write itself is left to Jetty, so a client that stops reading holds no server thread
    response.write(true, ByteBuffer.wrap(reply.buffer(), 0, reply.length()), Callback.from(
        Invocable.InvocationType.NON_BLOCKING,
        () -> {
          lent.giveBack(true);
          callback.succeeded();
        },
        failure -> {
          lent.giveBack(false);
          callback.failed(failure);
        }));
    metrics.request(verb, reply.outcome(), System.nanoTime() - start);
    return true;
  }

  private Reply route(String verb, String path, Request request, Response response, RequestBuffers.Lent lent) {
    String method = request.getMethod();
    switch (verb) {
      case "filter", "prioritize", "explain", "bind" -> {
        if (verb.equals("bind") && !service.binds()) {
          return error(404, "POST /bind is served only when the extender runs with --bind", "bad_request");
        }
        if (!HttpMethod.POST.is(method)) {
          response.getHeaders().put(HttpHeader.ALLOW, "POST");
          return error(405, "method " + method + " is not allowed on " + path + "; use POST", "bad_request");
        }
        byte[] body;
        int[] length = new int[1];
        try {
          body = readBody(request, length, lent);
        } catch (BodyTooLarge e) {
          drain(request);
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          return error(413, "request body is larger than " + maxBodyBytes
              + " bytes; maybe use nodeCacheCapable: true, or raise --max-body-bytes", "too_large");
        } catch (IOException e) {
          return error(400, "request body could not be read: " + e.getMessage(), "bad_request");
        }
        try {
          if (verb.equals("bind")) {
            return service.bind(decoder.decodeBinding(body, length[0]));
          }
          ExtenderArgs args = decoder.decodeArgs(body, length[0], service.nameResolver());
          return switch (verb) {
            case "filter" -> service.filter(args, lent.reply());
            case "prioritize" -> service.prioritize(args, lent.reply());
            default -> service.explain(args);
          };
        } catch (WireFormatException e) {
          LOG.debug("bad {} request: {}", verb, e.getMessage());
          return error(400, e.getMessage(), "bad_request");
        }
      }
      case "healthz", "readyz", "metrics" -> {
        if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
          response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
          return error(405, "method " + method + " is not allowed on " + path + "; use GET", "bad_request");
        }
        return switch (verb) {
          case "healthz" -> new Reply(200, encoder.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", "ok");
            g.writeEndObject();
          }), "ok");
          case "readyz" -> readiness();
          default -> metricsReply();
        };
      }
      default -> {
        return error(404, "no endpoint " + path + "; the extender serves POST /filter, /prioritize, /explain"
            + (service.binds() ? ", /bind" : "") + " and GET /healthz, /readyz, /metrics", "bad_request");
      }
    }
  }

  private static boolean mayHaveBody(Request request) {
    return request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
        || request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) > 0;
  }

  private Reply readiness() {
    Freshness f = source.freshness();
    Duration age = f.age(clock.instant());
    byte[] body = encoder.write(g -> {
      g.writeStartObject();
      g.writeBooleanField("ready", f.ready());
      g.writeStringField("state", f.state());
      // absent values are JSON null (as on the wire), never the string "null"; the keys are always there
      writeInstantOrNull(g, "since", f.since());
      writeInstantOrNull(g, "snapshotTime", f.snapshotTime());
      if (age != null) {
        g.writeNumberField("ageSeconds", age.toMillis() / 1000.0);
      } else {
        g.writeNullField("ageSeconds");
      }
      g.writeStringField("detail", f.detail());
      g.writeEndObject();
    });
    return new Reply(f.ready() ? 200 : 503, body, f.ready() ? "ok" : "unavailable");
  }

  private static void writeInstantOrNull(JsonGenerator g, String field, @Nullable Instant instant) throws IOException {
    if (instant == null) {
      g.writeNullField(field);
    } else {
      g.writeStringField(field, instant.toString());
    }
  }

  private Reply metricsReply() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      metrics.write(out);
    } catch (IOException e) {
      return error(500, "writing metrics failed: " + e.getMessage(), "internal");
    }
    return new Reply(200, out.toByteArray(), "ok", metrics.contentType());
  }

  private Reply error(int status, String message, String outcome) {
    return new Reply(status, encoder.error(message), outcome);
  }

  /*
   * Reads the body into a lent buffer (see RequestBuffers). Nothing outlives the request that
   * refers to it: the service copies what it keeps. A declared length is read exactly; a chunked
   * body grows the buffer up to the limit.
   */
  private byte[] readBody(Request request, int[] length, RequestBuffers.Lent lent) throws IOException, BodyTooLarge {
    long declared = request.getLength();
    if (declared > maxBodyBytes) {
      throw new BodyTooLarge();
    }
    int limit = declared >= 0 ? (int) declared : maxBodyBytes;
    // a declared length is not trusted with memory before the bytes come: the buffer grows with them
    byte[] buf = lent.body(declared >= 0 ? Math.min(limit, FIRST_BODY_BYTES) : 8192);
    int n = 0;
    try (InputStream in = Content.Source.asInputStream(request)) {
      while (true) {
        if (n == limit) {
          // all that was declared, or the limit: the body must end here
          if (in.read() < 0) {
            break;
          }
          if (declared >= 0) {
            throw new IOException("the body is longer than its Content-Length " + declared);
          }
          throw new BodyTooLarge();
        }
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(16, (long) buf.length * 2)));
          lent.grown(buf);
        }
        int r = in.read(buf, n, Math.min(buf.length, limit) - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    length[0] = n;
    lent.markBodyRead();
    return buf;
  }

  /*
   * Reads and drops what is left of an oversized body (up to a bound), so that the client sees
   * the 413 instead of a connection reset from unread data.
   */
  private void drain(Request request) {
    long budget = Math.min(4L * maxBodyBytes, 64L << 20);
    long declared = request.getLength();
    if (declared > budget) {
      return;
    }
    byte[] sink = new byte[16384];
    try (InputStream in = Content.Source.asInputStream(request)) {
      int r;
      while (budget > 0 && (r = in.read(sink)) >= 0) {
        budget -= r;
      }
    } catch (IOException e) {
      // the connection closes anyway
    }
  }

  private static final class BodyTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    BodyTooLarge() {
      super("body too large", null, false, false);
    }
  }
}
