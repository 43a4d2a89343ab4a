package io.edgeplace.core.store;

import io.edgeplace.api.store.Codec;
import java.nio.charset.StandardCharsets;

/** Ready-made {@link Codec}s for simple values. */
public final class Codecs {
  private Codecs() {
  }

  private static final Codec<String> STRING = new Codec<>() {
    @Override
    public byte[] encode(String value) {
      return value.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes, int version) {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Codecs.string()";
    }
  };

  /** A string as its UTF-8 bytes. */
  public static Codec<String> string() {
    return STRING;
  }
}
