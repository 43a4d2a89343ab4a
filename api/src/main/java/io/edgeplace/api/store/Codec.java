package io.edgeplace.api.store;

import java.io.IOException;

/**
 * Turns a value into bytes and back, for the {@link SnapshotStore}. The store adds the framing
 * (length, checksum, generation, format version); a codec only writes the value.
 *
 * <p>Bytes given to {@link #decode} come from disk and are hostile: a decoder bounds every count
 * and length it reads by the bytes that remain, and throws {@link MalformedDataException} naming
 * the field and its value rather than allocating what a damaged length asks for.
 *
 * @param <T> the type of value
 */
public interface Codec<T> {

  /**
   * The format version {@link #encode} writes, at least 1. The store records it with every
   * generation and hands it back to {@link #decode}; a file written with a version higher than
   * this one is skipped (never deleted), so a downgrade does not destroy newer data.
   */
  default int version() {
    return 1;
  }

  /** The bytes of {@code value} in format {@link #version()}. */
  byte[] encode(T value);

  /**
   * The value {@code bytes} describe.
   *
   * @param version the format version the bytes were written in, {@code 1 .. version()}
   * @throws IOException (usually {@link MalformedDataException}) naming what is wrong when the
   *     bytes are not a valid encoding
   */
  T decode(byte[] bytes, int version) throws IOException;
}
