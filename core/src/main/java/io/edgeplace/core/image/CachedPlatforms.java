package io.edgeplace.core.image;

import io.edgeplace.api.Platform;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.MalformedDataException;
import io.edgeplace.core.store.BinaryReader;
import io.edgeplace.core.store.BinaryWriter;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the resolver caches per image reference: the answer read from the registry (source
 * {@link ImagePlatforms.Source#REGISTRY}, returned as is while fresh, so a cached lookup does not
 * allocate it) and whether the reference is pinned by digest (then it never needs a refresh).
 */
record CachedPlatforms(ImagePlatforms answer, boolean pinned) {

  CachedPlatforms {
    Objects.requireNonNull(answer, "answer");
    if (answer.source() != ImagePlatforms.Source.REGISTRY) {
      throw new IllegalArgumentException("a cached answer comes from the registry, got " + answer.source());
    }
  }

  /** Writes the answer for the snapshot store; platforms as their three components. */
  static final class PersistCodec implements Codec<CachedPlatforms> {
    static final PersistCodec INSTANCE = new PersistCodec();
    private static final int MAX_PLATFORMS = 1024;

    @Override
    public byte[] encode(CachedPlatforms value) {
      BinaryWriter w = new BinaryWriter(64);
      w.writeBoolean(value.pinned());
      w.writeVarInt(value.answer().platforms().size());
      for (Platform p : value.answer().platforms()) {
        w.writeString(p.os()).writeString(p.architecture()).writeString(p.variant());
      }
      w.writeString(value.answer().detail());
      return w.toByteArray();
    }

    @Override
    public CachedPlatforms decode(byte[] bytes, int version) throws MalformedDataException {
      BinaryReader r = new BinaryReader(bytes, "cached image platforms");
      boolean pinned = r.readBoolean("pinned");
      int n = r.readCount("platform count", 3);
      if (n == 0 || n > MAX_PLATFORMS) {
        throw r.malformed("platform count", "is " + n + "; expected 1 to " + MAX_PLATFORMS);
      }
      Set<Platform> platforms = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        String os = r.readString("platforms[" + i + "].os");
        String arch = r.readString("platforms[" + i + "].architecture");
        String variant = r.readString("platforms[" + i + "].variant");
        try {
          platforms.add(Platform.parse(variant.isEmpty() ? os + "/" + arch : os + "/" + arch + "/" + variant));
        } catch (IllegalArgumentException e) {
          throw r.malformed("platforms[" + i + "]", e.getMessage());
        }
      }
      String detail = r.readString("detail");
      r.expectEnd();
      return new CachedPlatforms(new ImagePlatforms(platforms, ImagePlatforms.Source.REGISTRY, detail), pinned);
    }

    @Override
    public String toString() {
      return "CachedPlatforms.PersistCodec";
    }
  }
}
