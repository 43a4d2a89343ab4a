package io.edgeplace.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive {@link Socket} with
 * {@code TCP_NODELAY}, for the extender benchmarks: it writes a whole request in one
 * {@code write} and reads the status line, the headers and a {@code Content-Length} or chunked
 * body on the calling thread. It is closer to kube-scheduler's Go {@code net/http} client (one
 * goroutine writing and reading a pooled connection) than the JDK's {@code HttpClient}, whose
 * selector thread hands every response over to the caller.
 *
 * <p>Not thread-safe; not a general client (no redirects, no {@code 100-continue}, no TLS).
 */
final class ExtenderSocketClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String host;
  private byte[] body = new byte[1 << 16];
  private int bodyLength;
  private final byte[] line = new byte[8192];

  ExtenderSocketClient(URI base) throws IOException {
    socket = new Socket(base.getHost(), base.getPort());
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    out = socket.getOutputStream();
    host = base.getHost() + ":" + base.getPort();
  }

  /** The bytes of a POST with {@code body}, to send with {@link #send}. */
  byte[] post(String path, byte[] requestBody) {
    byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + requestBody.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = Arrays.copyOf(head, head.length + requestBody.length);
    System.arraycopy(requestBody, 0, all, head.length, requestBody.length);
    return all;
  }

  /** The bytes of a GET. */
  byte[] get(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends one prepared request and reads the reply; returns the status (the body is {@link #body()}). */
  int send(byte[] request) throws IOException {
    out.write(request);
    out.flush();
    int n = readLine();
    if (n < 12 || line[0] != 'H') {
      throw new IOException("bad status line: " + new String(line, 0, Math.max(0, n), StandardCharsets.US_ASCII));
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    while ((n = readLine()) > 0) {
      String h = new String(line, 0, n, StandardCharsets.US_ASCII);
      int colon = h.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = h.substring(0, colon).trim();
      String value = h.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        contentLength = Long.parseLong(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    bodyLength = 0;
    if (chunked) {
      while (true) {
        n = readLine();
        int size = Integer.parseInt(new String(line, 0, n, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
        if (size == 0) {
          while (readLine() > 0) {
            // trailers
          }
          break;
        }
        readBody(size);
        readLine();
      }
    } else if (contentLength >= 0) {
      readBody((int) contentLength);
    } else {
      throw new IOException("reply has neither Content-Length nor chunked encoding");
    }
    return status;
  }

  /** The last reply's body. */
  byte[] body() {
    return Arrays.copyOf(body, bodyLength);
  }

  int bodyLength() {
    return bodyLength;
  }

  private void readBody(int size) throws IOException {
    if (bodyLength + size > body.length) {
      body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + size));
    }
    int off = bodyLength;
    int end = bodyLength + size;
    while (off < end) {
      int r = in.read(body, off, end - off);
      if (r < 0) {
        throw new IOException("connection closed in the middle of a body");
      }
      off += r;
    }
    bodyLength = end;
  }

  /* Reads one line without its CRLF into {@code line}; returns its length. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n == line.length) {
        throw new IOException("header line longer than " + line.length + " bytes");
      }
      line[n++] = (byte) b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
