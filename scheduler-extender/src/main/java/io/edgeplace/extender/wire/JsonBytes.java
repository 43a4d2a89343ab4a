package io.edgeplace.extender.wire;

import java.util.Arrays;

/**
 * A growable byte buffer that JSON replies are written into by hand, for the replies whose size
 * grows with the node count. Strings come out byte for byte as Jackson's generator writes them
 * (the encoder's other replies): printable ASCII is copied, anything else is escaped by Jackson
 * itself.
 *
 * <p>A caller that answers many requests on one thread may keep one and {@link #reset} it for
 * each reply, so that replies of a cluster's size make no garbage. Not thread-safe.
 */
public final class JsonBytes {
  private byte[] buf;
  private int size;

  /** An empty buffer of {@code capacity} bytes; it grows as needed. */
  public JsonBytes(int capacity) {
    buf = new byte[Math.max(1, capacity)];
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    size = 0;
  }

  /** The buffer; its first {@link #size()} bytes are what was written. */
  public byte[] array() {
    return buf;
  }

  /** The capacity, which is what keeping this buffer costs. */
  public int capacity() {
    return buf.length;
  }

  void add(byte b) {
    if (size == buf.length) {
      grow(1);
    }
    buf[size++] = b;
  }

  void add(byte[] bytes) {
    if (size + bytes.length > buf.length) {
      grow(bytes.length);
    }
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  /** A non-negative number. */
  void number(long value) {
    if (value >= 0 && value < 10) {
      add((byte) ('0' + value));
      return;
    }
    add(Long.toString(value).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

  /** {@code s} as a quoted JSON string. */
  void string(String s) {
    int start = size;
    if (!escaped(s)) {
      size = start;
      add(jacksonQuote(s));
    }
  }

  /*
   * Writes s quoted, escaped as Jackson's UTF-8 generator escapes it: '"' and '\' and control
   * characters escaped (\b \t \n \f \r, else a six-character u00XX escape), other characters as
   * UTF-8. Returns false at a surrogate, which the caller leaves to Jackson's own writer.
   */
  private boolean escaped(String s) {
    int n = s.length();
    if (size + n + 2 > buf.length) {
      grow(n + 2);
    }
    byte[] b = buf;
    int at = size;
    b[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        if (at == b.length) {
          size = at;
          grow(n - i + 8);
          b = buf;
        }
        b[at++] = (byte) c;
        continue;
      }
      if (at + 8 > b.length) {
        size = at;
        grow(n - i + 16);
        b = buf;
      }
      if (c < 0x80) {
        b[at++] = '\\';
        switch (c) {
          case '"' -> b[at++] = '"';
          case '\\' -> b[at++] = '\\';
          case '\b' -> b[at++] = 'b';
          case '\t' -> b[at++] = 't';
          case '\n' -> b[at++] = 'n';
          case '\f' -> b[at++] = 'f';
          case '\r' -> b[at++] = 'r';
          default -> {
            b[at++] = 'u';
            b[at++] = '0';
            b[at++] = '0';
            b[at++] = HEX[c >> 4];
            b[at++] = HEX[c & 0xF];
          }
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xC0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        return false;
      } else {
        b[at++] = (byte) (0xE0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    if (at == b.length) {
      size = at;
      grow(1);
      b = buf;
    }
    b[at++] = '"';
    size = at;
    return true;
  }

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The bytes written: the buffer itself when it was sized exactly, else a copy. */
  byte[] toByteArray() {
    return size == buf.length ? buf : Arrays.copyOf(buf, size);
  }

  /** The number of bytes written since the last {@link #reset}. */
  public int size() {
    return size;
  }

  private void grow(int more) {
    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
  }

  /** {@code s} as a quoted JSON string, escaped as Jackson escapes it. */
  static byte[] quote(String s) {
    JsonBytes out = new JsonBytes(s.length() + 2);
    out.string(s);
    return out.toByteArray();
  }

  /* s quoted by Jackson's generator itself. */
  static byte[] jacksonQuote(String s) {
    return WireEncoder.written(g -> g.writeString(s));
  }
}
