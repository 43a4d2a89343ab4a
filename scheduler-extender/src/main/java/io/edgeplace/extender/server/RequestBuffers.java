package io.edgeplace.extender.server;

import io.edgeplace.extender.wire.JsonBytes;
import java.util.concurrent.ArrayBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Request-body and reply buffers lent to one request at a time and kept for the next, so that
 * kube-scheduler's calls, each the size of the cluster's node list, make no garbage in the
 * server. A few of each are kept (as many as requests usually run at once, not one per thread
 * that ever served one), each up to {@link #KEPT_BYTES}; beyond that they are left to the
 * collector. Thread-safe.
 */
final class RequestBuffers {
  /** The largest buffer kept for another request. */
  static final int KEPT_BYTES = 4 << 20;
  private static final int FIRST_REPLY_BYTES = 64 * 1024;

  private final ArrayBlockingQueue<byte[]> bodies;
  private final ArrayBlockingQueue<JsonBytes> replies;

  RequestBuffers(int kept) {
    bodies = new ArrayBlockingQueue<>(kept);
    replies = new ArrayBlockingQueue<>(kept);
  }

  /** The buffers one request borrowed; given back once its reply is written. */
  final class Lent {
    private byte @Nullable [] body;
    private @Nullable JsonBytes reply;
    private boolean bodyRead;

    /** Records that the request's body was read to its end into {@link #body}. */
    void markBodyRead() {
      bodyRead = true;
    }

    /** Whether the request's body was read to its end. */
    boolean bodyRead() {
      return bodyRead;
    }

    /**
     * A body buffer of at least {@code bytes}; the caller reports a bigger one it grew into with
     * {@link #grown}. A new one is rounded up to a power of two (up to {@link #KEPT_BYTES}), so
     * that the next bodies, a little longer or shorter, fit in it too.
     */
    byte[] body(int bytes) {
      byte[] b = body != null ? body : bodies.poll();
      if (b == null || b.length < bytes) {
        b = new byte[roomFor(bytes)];
      }
      body = b;
      return b;
    }

    /** The body buffer the request ended up with, after growing the one it was lent. */
    void grown(byte[] bigger) {
      body = bigger;
    }

    /** An empty reply buffer. */
    JsonBytes reply() {
      JsonBytes r = reply;
      if (r == null) {
        r = replies.poll();
        reply = r = r != null ? r : new JsonBytes(FIRST_REPLY_BYTES);
      }
      r.reset();
      return r;
    }

    /**
     * Gives the buffers back. The reply buffer only when {@code replyWritten}: a write that failed
     * may leave it referenced, so it is left to the collector.
     */
    void giveBack(boolean replyWritten) {
      byte[] b = body;
      if (b != null && b.length <= KEPT_BYTES) {
        bodies.offer(b);
      }
      JsonBytes r = reply;
      if (replyWritten && r != null && r.capacity() <= KEPT_BYTES) {
        replies.offer(r);
      }
      body = null;
      reply = null;
    }
  }

  /* bytes rounded up to a power of two while that stays within KEPT_BYTES */
  static int roomFor(int bytes) {
    if (bytes <= 16) {
      return 16;
    }
    int power = Integer.highestOneBit(bytes - 1) << 1;
    return power > 0 && power <= KEPT_BYTES ? power : bytes;
  }

  Lent lend() {
    return new Lent();
  }
}
