package io.edgeplace.extender.wire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One JSON value kept as the bytes it came in, a slice of a request body. Embedded Kubernetes
 * objects (the Pod, Node items) stay raw until a caller needs them as fabric8 objects, and Node
 * items are echoed back unchanged.
 */
public final class RawJson {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};

  private final byte[] buffer;
  private final int offset;
  private final int length;
  /* A nested value that readers skip ({@link #stream()} reads null in its place), or -1. */
  private final int holeStart;
  private final int holeEnd;

  RawJson(byte[] buffer, int offset, int length) {
    this(buffer, offset, length, -1, -1);
  }

  RawJson(byte[] buffer, int offset, int length, int holeStart, int holeEnd) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (holeStart >= 0 && (holeStart < offset || holeEnd <= holeStart || holeEnd > offset + length)) {
      throw new IllegalArgumentException("hole " + holeStart + ".." + holeEnd + " outside " + offset + "+" + length);
    }
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    this.holeStart = holeStart;
    this.holeEnd = holeEnd;
  }

  /** A raw value from a whole array (tests, benchmarks). */
  public static RawJson of(byte[] json) {
    return new RawJson(json, 0, json.length);
  }

  public int length() {
    return length;
  }

  /**
   * The bytes, as a stream without copying; a value the decoder marked as irrelevant (a Pod's
   * {@code metadata.managedFields}) reads as {@code null}.
   */
  public InputStream stream() {
    if (holeStart < 0) {
      return new ByteArrayInputStream(buffer, offset, length);
    }
    return new SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
        new ByteArrayInputStream(buffer, offset, holeStart - offset), new ByteArrayInputStream(NULL),
        new ByteArrayInputStream(buffer, holeEnd, offset + length - holeEnd))));
  }

  /** A hash of the bytes (not of the hole's replacement): equal content, equal hash. */
  public long contentHash() {
    long h = 0xcbf29ce484222325L;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = (h ^ buffer[i]) * 0x100000001b3L;
    }
    return h;
  }

  /** Whether {@code other} holds the same bytes. */
  public boolean sameContent(RawJson other) {
    return Arrays.equals(buffer, offset, offset + length, other.buffer, other.offset, other.offset + other.length);
  }

  /** A copy that holds only its own bytes (not the whole request body it was a slice of). */
  public RawJson compact() {
    byte[] own = Arrays.copyOfRange(buffer, offset, offset + length);
    return holeStart < 0 ? new RawJson(own, 0, length)
        : new RawJson(own, 0, length, holeStart - offset, holeEnd - offset);
  }

  /** The value as a string (decoding UTF-8). */
  public String text() {
    return new String(buffer, offset, length, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text();
  }
}
