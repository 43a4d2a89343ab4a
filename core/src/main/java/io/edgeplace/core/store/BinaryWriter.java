package io.edgeplace.core.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Appends primitives to a growing byte array: variable-length integers (LEB128, zig-zag for
 * signed values), fixed 8-byte longs, length-prefixed UTF-8 strings and byte arrays. The
 * counterpart of {@link BinaryReader}. Not thread-safe; one writer per encoding.
 */
public final class BinaryWriter {
  private byte[] buf;
  private int size;

  public BinaryWriter() {
    this(256);
  }

  /** A writer whose buffer starts with {@code initialCapacity} bytes. */
  public BinaryWriter(int initialCapacity) {
    if (initialCapacity < 1) {
      throw new IllegalArgumentException("initialCapacity must be positive, got " + initialCapacity);
    }
    this.buf = new byte[initialCapacity];
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("encoding exceeds 2 GiB; maybe the value is far too large to store");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  public BinaryWriter writeByte(int b) {
    ensure(1);
    buf[size++] = (byte) b;
    return this;
  }

  public BinaryWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  /** An unsigned variable-length int: 1 byte below 128, at most 5. Negative values take 5 bytes. */
  public BinaryWriter writeVarInt(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  /** An unsigned variable-length long, at most 10 bytes. */
  public BinaryWriter writeVarLong(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
    return this;
  }

  /** A signed long, zig-zag encoded so small negative values stay short. */
  public BinaryWriter writeSignedVarLong(long v) {
    return writeVarLong((v << 1) ^ (v >> 63));
  }

  /** A fixed 8-byte big-endian long. */
  public BinaryWriter writeLong(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  /** A fixed 4-byte big-endian int. */
  public BinaryWriter writeInt(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  /** A length-prefixed UTF-8 string. */
  public BinaryWriter writeString(String s) {
    return writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  /** A length-prefixed byte array. */
  public BinaryWriter writeBytes(byte[] bytes) {
    writeVarInt(bytes.length);
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
    return this;
  }

  /** Appends what {@code other} holds, without a length prefix. */
  public BinaryWriter writeRaw(BinaryWriter other) {
    ensure(other.size);
    System.arraycopy(other.buf, 0, buf, size, other.size);
    size += other.size;
    return this;
  }

  /** The bytes written so far. */
  public int size() {
    return size;
  }

  /** A copy of the bytes written. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
