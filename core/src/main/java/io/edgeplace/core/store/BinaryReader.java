package io.edgeplace.core.store;

import io.edgeplace.api.store.MalformedDataException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Reads what a {@link BinaryWriter} wrote, from hostile bytes: every count and length is checked
 * against the bytes that remain before anything is allocated, so a damaged length field fails
 * with a {@link MalformedDataException} naming the field, its value and the offset, never with an
 * {@link OutOfMemoryError}. Not thread-safe.
 */
public final class BinaryReader {
  private final byte[] buf;
  private final String what;
  private int pos;
  private @Nullable String record;
  private int recordIndex;

  /**
   * A reader over all of {@code bytes}.
   *
   * @param what names the data in error messages, such as {@code "cluster snapshot"}
   */
  public BinaryReader(byte[] bytes, String what) {
    this.buf = bytes;
    this.what = what;
  }

  /** The bytes not read yet. */
  public int remaining() {
    return buf.length - pos;
  }

  public int position() {
    return pos;
  }

  /**
   * Names the record being read ({@code "pod", 17}) for error messages, so that callers pass
   * constant field names and build no string per field read.
   */
  public void record(String kind, int index) {
    this.record = kind;
    this.recordIndex = index;
  }

  /** A {@link MalformedDataException} about {@code field} at the current offset. */
  public MalformedDataException malformed(String field, String problem) {
    String in = record == null ? "" : " (in " + record + " #" + recordIndex + ")";
    return new MalformedDataException(what + ": " + field + " " + problem + in + " at byte offset " + pos + " of "
        + buf.length + "; the data is damaged or was not written by this format");
  }

  private void need(int n, String field) throws MalformedDataException {
    if (n > buf.length - pos) {
      throw malformed(field, "needs " + n + " more bytes but only " + (buf.length - pos) + " remain (truncated)");
    }
  }

  public int readByte(String field) throws MalformedDataException {
    need(1, field);
    return buf[pos++] & 0xFF;
  }

  public boolean readBoolean(String field) throws MalformedDataException {
    int b = readByte(field);
    if (b > 1) {
      throw malformed(field, "is " + b + ", not a boolean (0 or 1)");
    }
    return b == 1;
  }

  public int readVarInt(String field) throws MalformedDataException {
    int result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = readByte(field);
      if (shift == 28 && (b & 0xF0) != 0) {
        throw malformed(field, "is a variable-length int longer than 32 bits");
      }
      result |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed(field, "is a variable-length int longer than 5 bytes");
  }

  public long readVarLong(String field) throws MalformedDataException {
    long result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      int b = readByte(field);
      if (shift == 63 && (b & 0xFE) != 0) {
        throw malformed(field, "is a variable-length long longer than 64 bits");
      }
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return result;
      }
    }
    throw malformed(field, "is a variable-length long longer than 10 bytes");
  }

  public long readSignedVarLong(String field) throws MalformedDataException {
    long z = readVarLong(field);
    return (z >>> 1) ^ -(z & 1);
  }

  /** A non-negative long written with {@link BinaryWriter#writeVarLong}. */
  public long readNonNegativeVarLong(String field) throws MalformedDataException {
    long v = readVarLong(field);
    if (v < 0) {
      throw malformed(field, "is " + Long.toUnsignedString(v) + ", more than " + Long.MAX_VALUE);
    }
    return v;
  }

  public long readLong(String field) throws MalformedDataException {
    need(8, field);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  public int readInt(String field) throws MalformedDataException {
    need(4, field);
    int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
        | (buf[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  /**
   * A count of elements that each take at least {@code minBytesEach} bytes: checked to be
   * non-negative and to fit in what remains, so it is safe to allocate.
   */
  public int readCount(String field, int minBytesEach) throws MalformedDataException {
    int n = readVarInt(field);
    if (n < 0 || (long) n * Math.max(1, minBytesEach) > remaining()) {
      throw malformed(field, "is " + (n & 0xFFFFFFFFL) + " but only " + remaining()
          + " bytes remain, too few for that many elements");
    }
    return n;
  }

  /** An index below {@code bound}. */
  public int readIndex(String field, int bound) throws MalformedDataException {
    int i = readVarInt(field);
    if (i < 0 || i >= bound) {
      throw malformed(field, "is " + (i & 0xFFFFFFFFL) + ", outside 0.." + (bound - 1));
    }
    return i;
  }

  public String readString(String field) throws MalformedDataException {
    int n = readCount(field, 1);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  public byte[] readBytes(String field) throws MalformedDataException {
    int n = readCount(field, 1);
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  /** Fails unless every byte was read. */
  public void expectEnd() throws MalformedDataException {
    if (pos != buf.length) {
      throw malformed("end", "expected, but " + remaining() + " bytes remain");
    }
  }
}
