package io.edgeplace.extender.wire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One JSON value kept as the bytes it came in, a slice of a request body. Embedded Kubernetes
 * objects (the Pod, Node items) stay raw until a caller needs them as fabric8 objects, and Node
 * items are echoed back unchanged.
 */
public final class RawJson {
  private final byte[] buffer;
  private final int offset;
  private final int length;

  RawJson(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
  }

  /** A raw value from a whole array (tests, benchmarks). */
  public static RawJson of(byte[] json) {
    return new RawJson(json, 0, json.length);
  }

  public int length() {
    return length;
  }

  /** The bytes, as a stream without copying. */
  public InputStream stream() {
    return new ByteArrayInputStream(buffer, offset, length);
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
