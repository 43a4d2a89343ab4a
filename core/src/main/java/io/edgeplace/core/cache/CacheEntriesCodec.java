package io.edgeplace.core.cache;

import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.MalformedDataException;
import io.edgeplace.core.store.BinaryReader;
import io.edgeplace.core.store.BinaryWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/*
 * The saved entries of a cache: the key and value codecs' versions, then per entry the key and
 * value bytes (each length-prefixed, in the element codec's own format) and the load instant.
 */
final class CacheEntriesCodec<K, V> implements Codec<List<CacheEntriesCodec.Saved<K, V>>> {

  record Saved<K, V>(K key, V value, Instant loadedAt) {
  }

  private final Codec<K> keys;
  private final Codec<V> values;

  CacheEntriesCodec(Codec<K> keys, Codec<V> values) {
    this.keys = keys;
    this.values = values;
  }

  @Override
  public byte[] encode(List<Saved<K, V>> entries) {
    BinaryWriter w = new BinaryWriter(64 + entries.size() * 64);
    w.writeVarInt(keys.version()).writeVarInt(values.version()).writeVarInt(entries.size());
    for (Saved<K, V> s : entries) {
      w.writeBytes(keys.encode(s.key()));
      w.writeBytes(values.encode(s.value()));
      w.writeSignedVarLong(s.loadedAt().getEpochSecond()).writeVarInt(s.loadedAt().getNano());
    }
    return w.toByteArray();
  }

  @Override
  public List<Saved<K, V>> decode(byte[] bytes, int version) throws IOException {
    BinaryReader r = new BinaryReader(bytes, "cache entries");
    int keyVersion = r.readVarInt("key codec version");
    int valueVersion = r.readVarInt("value codec version");
    if (keyVersion < 1 || keyVersion > keys.version()) {
      throw r.malformed("key codec version", "is " + keyVersion + "; this build reads 1.." + keys.version());
    }
    if (valueVersion < 1 || valueVersion > values.version()) {
      throw r.malformed("value codec version", "is " + valueVersion + "; this build reads 1.." + values.version());
    }
    int n = r.readCount("entry count", 4);
    List<Saved<K, V>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      K key = keys.decode(r.readBytes("entry " + i + " key"), keyVersion);
      V value = values.decode(r.readBytes("entry " + i + " value"), valueVersion);
      long sec = r.readSignedVarLong("entry " + i + " loadedAt seconds");
      int nano = r.readVarInt("entry " + i + " loadedAt nanos");
      Instant at;
      try {
        at = Instant.ofEpochSecond(sec, nano);
      } catch (DateTimeException | ArithmeticException ex) {
        throw new MalformedDataException("cache entries: entry " + i + " has an invalid load time " + sec + "s "
            + nano + "ns", ex);
      }
      if (nano < 0 || nano > 999_999_999) {
        throw r.malformed("entry " + i + " loadedAt nanos", "is " + nano + ", outside 0..999999999");
      }
      out.add(new Saved<>(key, value, at));
    }
    r.expectEnd();
    return out;
  }
}
