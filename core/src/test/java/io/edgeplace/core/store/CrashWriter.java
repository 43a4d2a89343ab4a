package io.edgeplace.core.store;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.store.StoredState;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * The child process of {@link StoreCrashTest}: saves cluster snapshots into a directory in an
 * endless loop, printing {@code saved <generation>} after each save returns, until it is killed.
 */
public final class CrashWriter {

  /* Writes in 16 KiB pieces, each forced to disk: a slow disk, so that kills often land mid-write. */
  private static final class SlowDisk implements FileIo {
    @Override
    public void writeDurably(Path file, byte[]... chunks) throws java.io.IOException {
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        for (byte[] chunk : chunks) {
          for (int off = 0; off < chunk.length; off += 16 * 1024) {
            ch.write(java.nio.ByteBuffer.wrap(chunk, off, Math.min(16 * 1024, chunk.length - off)));
            ch.force(false);
          }
        }
        ch.force(true);
      }
    }

    @Override
    public void moveAtomically(Path from, Path to) throws java.io.IOException {
      DEFAULT.moveAtomically(from, to);
    }

    @Override
    public void syncDirectory(Path dir) throws java.io.IOException {
      DEFAULT.syncDirectory(dir);
    }
  }

  private CrashWriter() {
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    RandomGenerator rnd = SnapshotCodecTest.random(Long.parseLong(args[1]));
    ClusterSnapshot[] snapshots = new ClusterSnapshot[3];
    for (int i = 0; i < snapshots.length; i++) {
      snapshots[i] = TestSnapshots.random(rnd, 100 + 100 * i, 1000 + 1000 * i);
    }
    StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(dir).fileIo(new SlowDisk()).build()
        .clusterSnapshots();
    for (long i = 0; ; i++) {
      long generation = state.save(snapshots[(int) (i % snapshots.length)]).generation();
      System.out.println("saved " + generation);
      System.out.flush();
    }
  }
}
