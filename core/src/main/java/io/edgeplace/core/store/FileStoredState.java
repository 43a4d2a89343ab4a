package io.edgeplace.core.store;

import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.Stored;
import io.edgeplace.api.store.StoredState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * One named state of a FileSnapshotStore. Saves and loads of one state hold its lock, so the
 * generation counter, the pruning and the setting aside of corrupt files never race each other.
 */
final class FileStoredState<T> implements StoredState<T> {
  private static final Logger LOG = LoggerFactory.getLogger(FileStoredState.class);

  static final byte[] MAGIC = {'E', 'P', 'S', 'N', 'A', 'P', '\r', '\n'};
  static final int FRAMING_VERSION = 1;
  private static final int MAX_FILE = Integer.MAX_VALUE - 64;

  private final FileSnapshotStore store;
  private final String name;
  private final Codec<T> codec;
  private final Pattern fileName;
  private final Object lock = new Object();
  private long lastGeneration = -1;

  FileStoredState(FileSnapshotStore store, String name, Codec<T> codec) {
    this.store = store;
    this.name = name;
    this.codec = codec;
    this.fileName = Pattern.compile(Pattern.quote(name) + "\\.(\\d{1,18})\\.snap(\\.corrupt)?");
  }

  @Override
  public String name() {
    return name;
  }

  private Path dir() {
    return store.directory();
  }

  static String fileName(String name, long generation) {
    return name + "." + String.format("%012d", generation) + ".snap";
  }

  // ---- save ----

  @Override
  public Stored<T> save(T value) throws IOException {
    synchronized (lock) {
      byte[] payload;
      try {
        payload = codec.encode(value);
      } catch (RuntimeException ex) {
        IOException io = new IOException("could not encode state \"" + name + "\" with " + codec + ": " + ex, ex);
        store.metrics().persistFailed(name, io);
        throw io;
      }
      Instant now = store.clock().instant();
      long generation;
      Path target;
      Path tmp;
      try {
        Files.createDirectories(dir());
        generation = nextGeneration();
        target = dir().resolve(fileName(name, generation));
        tmp = dir().resolve("." + target.getFileName() + ".tmp");
      } catch (IOException ex) {
        IOException io = new IOException("could not save state \"" + name + "\": the directory " + dir()
            + " cannot be created or read (" + describe(ex) + "); maybe check its path and permissions", ex);
        store.metrics().persistFailed(name, io);
        throw io;
      }
      long t0 = System.nanoTime();
      byte[] header = header(generation, now, payload.length);
      CRC32C crc = new CRC32C();
      crc.update(header);
      crc.update(payload);
      int c = (int) crc.getValue();
      byte[] trailer = {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c};
      try {
        Files.deleteIfExists(tmp);
        store.io().writeDurably(tmp, header, payload, trailer);
        store.io().moveAtomically(tmp, target);
        store.io().syncDirectory(dir());
      } catch (IOException ex) {
        deleteQuietly(tmp);
        IOException io = new IOException("could not save generation " + generation + " of state \"" + name + "\" to "
            + target + ": " + describe(ex) + "; the previous generations are intact. Maybe the disk is full or "
            + dir() + " is not writable", ex);
        store.metrics().persistFailed(name, io);
        throw io;
      }
      lastGeneration = generation;
      long size = (long) header.length + payload.length + trailer.length;
      store.metrics().persisted(name, generation, size, Duration.ofNanos(System.nanoTime() - t0));
      prune();
      return new Stored<>(value, generation, now, size);
    }
  }

  private byte[] header(long generation, Instant savedAt, int payloadLength) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    BinaryWriter w = new BinaryWriter(64 + nameBytes.length);
    for (byte b : MAGIC) {
      w.writeByte(b);
    }
    w.writeInt(FRAMING_VERSION).writeInt(codec.version()).writeLong(generation)
        .writeLong(savedAt.getEpochSecond()).writeInt(savedAt.getNano());
    w.writeByte(nameBytes.length >>> 8).writeByte(nameBytes.length);
    for (byte b : nameBytes) {
      w.writeByte(b);
    }
    w.writeLong(payloadLength);
    return w.toByteArray();
  }

  /* The next generation: one past every generation of this state on disk, corrupt ones included. */
  private long nextGeneration() throws IOException {
    if (lastGeneration < 0) {
      long max = 0;
      for (Path p : listOwn(true)) {
        max = Math.max(max, generationOf(p));
      }
      lastGeneration = max;
    }
    return lastGeneration + 1;
  }

  private void prune() {
    try {
      List<Path> valid = new ArrayList<>();
      List<Path> corrupt = new ArrayList<>();
      for (Path p : listOwn(true)) {
        (p.getFileName().toString().endsWith(".corrupt") ? corrupt : valid).add(p);
      }
      valid.sort(Comparator.comparingLong(this::generationOf).reversed());
      corrupt.sort(Comparator.comparingLong(this::generationOf).reversed());
      for (int i = store.keep(); i < valid.size(); i++) {
        Files.deleteIfExists(valid.get(i));
      }
      for (int i = store.keep(); i < corrupt.size(); i++) {
        Files.deleteIfExists(corrupt.get(i));
      }
    } catch (IOException ex) {
      LOG.warn("state \"{}\": could not delete old generations in {}: {}", name, dir(), describe(ex));
    }
  }

  // ---- load ----

  @Override
  public Optional<Stored<T>> loadLatest() throws IOException {
    synchronized (lock) {
      List<Path> files;
      try {
        files = listOwn(false);
      } catch (NoSuchFileException ex) {
        return Optional.empty();
      } catch (IOException ex) {
        IOException io = new IOException("cannot read the snapshot directory " + dir() + " for state \"" + name
            + "\": " + describe(ex) + "; maybe check that it is a directory this process may read", ex);
        store.metrics().loadFailed(name, io.getMessage());
        throw io;
      }
      files.sort(Comparator.comparingLong(this::generationOf).reversed());
      for (Path file : files) {
        long generation = generationOf(file);
        lastGeneration = Math.max(lastGeneration, generation);
        byte[] bytes;
        try {
          long size = Files.size(file);
          if (size > MAX_FILE) {
            setAside(file, "it is " + size + " bytes, larger than any generation this store writes");
            continue;
          }
          bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException ex) {
          continue;
        } catch (IOException ex) {
          LOG.warn("state \"{}\": cannot read {} ({}); skipping it", name, file, describe(ex));
          store.metrics().loadFailed(name, "cannot read " + file + ": " + describe(ex));
          continue;
        }
        Stored<T> stored;
        try {
          stored = parse(bytes, generation);
        } catch (NewerFormatException ex) {
          LOG.warn("state \"{}\": skipping {}: {}; it is left in place", name, file, ex.getMessage());
          store.metrics().loadFailed(name, file + ": " + ex.getMessage());
          continue;
        } catch (IOException | RuntimeException ex) {
          setAside(file, describe(ex));
          continue;
        }
        return Optional.of(stored);
      }
      return Optional.empty();
    }
  }

  private static final class NewerFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    NewerFormatException(String message) {
      super(message);
    }
  }

  private Stored<T> parse(byte[] bytes, long fileGeneration) throws IOException {
    BinaryReader r = new BinaryReader(bytes, "state \"" + name + "\" generation " + fileGeneration);
    if (bytes.length < MAGIC.length + 4) {
      throw r.malformed("header", "is missing: the file has only " + bytes.length + " bytes (truncated)");
    }
    for (byte b : MAGIC) {
      if (r.readByte("magic") != (b & 0xFF)) {
        throw r.malformed("magic", "does not match; this is not an edgeplace snapshot file");
      }
    }
    int framing = r.readInt("framing version");
    if (framing != FRAMING_VERSION) {
      throw framing > FRAMING_VERSION
          ? new NewerFormatException("framing version " + framing + " is newer than this build reads ("
              + FRAMING_VERSION + ")")
          : r.malformed("framing version", "is " + framing + ", expected " + FRAMING_VERSION);
    }
    int version = r.readInt("codec version");
    long generation = r.readLong("generation");
    long seconds = r.readLong("saved-at seconds");
    int nanos = r.readInt("saved-at nanos");
    int nameLength = (r.readByte("name length") << 8) | r.readByte("name length");
    if (nameLength > r.remaining()) {
      throw r.malformed("name length", "is " + nameLength + " (truncated)");
    }
    byte[] nameBytes = new byte[nameLength];
    for (int i = 0; i < nameLength; i++) {
      nameBytes[i] = (byte) r.readByte("name");
    }
    String fileState = new String(nameBytes, StandardCharsets.US_ASCII);
    long payloadLength = r.readLong("payload length");
    if (payloadLength < 0 || payloadLength != (long) r.remaining() - 4) {
      throw r.malformed("payload length", "is " + payloadLength + " but the file holds " + (r.remaining() - 4)
          + " payload bytes (truncated or damaged)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int expected = (int) crc.getValue();
    int actual = ((bytes[bytes.length - 4] & 0xFF) << 24) | ((bytes[bytes.length - 3] & 0xFF) << 16)
        | ((bytes[bytes.length - 2] & 0xFF) << 8) | (bytes[bytes.length - 1] & 0xFF);
    if (expected != actual) {
      throw r.malformed("checksum", String.format("is %08x but the content sums to %08x", actual, expected));
    }
    if (!fileState.equals(name)) {
      throw r.malformed("state name", "is \"" + fileState + "\", expected \"" + name + "\"");
    }
    if (generation != fileGeneration) {
      throw r.malformed("generation", "is " + generation + " but the file name says " + fileGeneration);
    }
    if (version < 1) {
      throw r.malformed("codec version", "is " + version + ", expected at least 1");
    }
    if (version > codec.version()) {
      throw new NewerFormatException("it was written in format version " + version + " of " + codec
          + ", newer than this build reads (" + codec.version() + ")");
    }
    if (nanos < 0 || nanos > 999_999_999) {
      throw r.malformed("saved-at nanos", "is " + nanos);
    }
    Instant savedAt = Instant.ofEpochSecond(seconds, nanos);
    byte[] payload = new byte[(int) payloadLength];
    System.arraycopy(bytes, r.position(), payload, 0, payload.length);
    T value = codec.decode(payload, version);
    if (value == null) {
      throw r.malformed("payload", "decoded to null");
    }
    return new Stored<>(value, generation, savedAt, bytes.length);
  }

  private void setAside(Path file, String reason) {
    Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
    try {
      store.io().moveAtomically(file, aside);
      LOG.warn("state \"{}\": {} is corrupt ({}); moved it aside to {} and will use an older generation", name, file,
          reason, aside.getFileName());
    } catch (IOException ex) {
      LOG.warn("state \"{}\": {} is corrupt ({}) and could not be moved aside ({}); ignoring it", name, file, reason,
          describe(ex));
    }
    store.metrics().loadFailed(name, file + " is corrupt: " + reason);
  }

  // ---- files ----

  /*
   * This state's generation files; with `all` (the save path), corrupt ones too, and temporary
   * files left by a save that died are deleted. Loading never deletes them, so a reader never
   * disturbs a save under way.
   */
  private List<Path> listOwn(boolean all) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.exists(dir())) {
      if (all) {
        return out;
      }
      throw new NoSuchFileException(dir().toString());
    }
    if (!Files.isDirectory(dir())) {
      throw new NotDirectoryException(dir() + " (it is a file)");
    }
    if (!Files.isReadable(dir())) {
      throw new AccessDeniedException(dir().toString(), null, "not readable");
    }
    String tmpPrefix = "." + name + ".";
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir())) {
      for (Path p : ds) {
        String f = p.getFileName().toString();
        if (f.startsWith(tmpPrefix) && f.endsWith(".snap.tmp")) {
          if (all) {
            deleteQuietly(p); // left by a save that died; only the writing side cleans up
          }
          continue;
        }
        Matcher m = fileName.matcher(f);
        if (m.matches() && (all || m.group(2) == null)) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private long generationOf(Path p) {
    Matcher m = fileName.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary file is deleted at the next listing
    }
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    String type = t instanceof IOException && !(t.getClass() == IOException.class)
        ? t.getClass().getSimpleName() + ": " : "";
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : type + m;
  }

  @Override
  public String toString() {
    return "StoredState[" + name + " in " + dir() + "]";
  }
}
