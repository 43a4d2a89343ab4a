package io.edgeplace.core.store;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.store.StoredState;
import java.nio.file.Path;
import java.util.random.RandomGenerator;

/**
 * The child process of {@link StoreCrashTest}: saves cluster snapshots into a directory in an
 * endless loop, printing {@code saved <generation>} after each save returns, until it is killed.
 * Arguments: the directory, a seed, and optionally the save to stall in (see {@code SlowDisk}).
 */
public final class CrashWriter {

  /*
   * Writes in 16 KiB pieces, each forced to disk: a slow disk, so that kills often land mid-write.
   * The write number {@code stallAt} (1-based; 0 for none) stops after its first piece, prints
   * {@code writing} and waits to be killed there.
   */
  private static final class SlowDisk implements FileIo {
    private final int stallAt;
    private int writes;

    SlowDisk(int stallAt) {
      this.stallAt = stallAt;
    }

    @Override
    public void writeDurably(Path file, byte[]... chunks) throws java.io.IOException {
      boolean stall = ++writes == stallAt;
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
          java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
        for (byte[] chunk : chunks) {
          for (int off = 0; off < chunk.length; off += 16 * 1024) {
            ch.write(java.nio.ByteBuffer.wrap(chunk, off, Math.min(16 * 1024, chunk.length - off)));
            ch.force(false);
            if (stall) {
              System.out.println("writing");
              System.out.flush();
              awaitKill();
            }
          }
        }
        ch.force(true);
      }
    }

    private static void awaitKill() throws java.io.IOException {
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        throw new java.io.InterruptedIOException("stalled write interrupted");
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
    int stallAt = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(dir).fileIo(new SlowDisk(stallAt)).build()
        .clusterSnapshots();
    for (long i = 0; ; i++) {
      long generation = state.save(snapshots[(int) (i % snapshots.length)]).generation();
      System.out.println("saved " + generation);
      System.out.flush();
    }
  }
}
