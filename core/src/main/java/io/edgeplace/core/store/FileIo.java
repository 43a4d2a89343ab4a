package io.edgeplace.core.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/*
 * The three file operations a durable save needs, behind an interface so that tests can make
 * them fail the way a full disk does (a write that stops half-way with "No space left on
 * device") without mounting a tiny file system.
 */
interface FileIo {

  /** Creates {@code file} (failing if it exists), writes {@code chunks}, forces them to disk, closes it. */
  void writeDurably(Path file, byte[]... chunks) throws IOException;

  /** Renames {@code from} onto {@code to} atomically, replacing it. */
  void moveAtomically(Path from, Path to) throws IOException;

  /** Forces the directory entry changes of {@code dir} to disk. */
  void syncDirectory(Path dir) throws IOException;

  FileIo DEFAULT = new FileIo() {
    private final boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");

    @Override
    public void writeDurably(Path file, byte[]... chunks) throws IOException {
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (byte[] chunk : chunks) {
          ByteBuffer b = ByteBuffer.wrap(chunk);
          while (b.hasRemaining()) {
            ch.write(b);
          }
        }
        ch.force(true);
      }
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException ex) {
        throw new IOException("the file system of " + to.getParent()
            + " cannot rename atomically; maybe use a local disk for the cache directory", ex);
      }
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
      if (windows) {
        return; // directories cannot be opened for fsync there; NTFS journals the rename
      }
      try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
        ch.force(true);
      }
    }
  };
}
