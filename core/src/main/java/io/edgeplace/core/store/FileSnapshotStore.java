package io.edgeplace.core.store;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.SnapshotStore;
import io.edgeplace.api.store.StoredState;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@link SnapshotStore} in a local directory. Each state is a series of files
 * {@code <name>.<generation>.snap}; a save writes {@code .<name>.<generation>.snap.tmp}, forces it
 * to disk, renames it atomically into place and forces the directory, then deletes generations
 * beyond the last {@link Builder#keepGenerations keep}. A file holds a header (magic, framing
 * version, codec version, state name, generation, save time, payload length), the payload and a
 * CRC32C of everything before it; a file that is truncated, fails its checksum or does not decode
 * is renamed {@code *.corrupt} with a warning and never served.
 *
 * <p>The directory is created on the first save; building a store does no I/O, so a missing or
 * unreadable directory shows up as a clear {@link java.io.IOException} from
 * {@link StoredState#save}/{@link StoredState#loadLatest}, which callers turn into "serving from
 * memory". One process writes a directory at a time.
 */
public final class FileSnapshotStore implements SnapshotStore {

  /** The state name of cluster snapshots. */
  public static final String CLUSTER = "cluster";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Path directory;
  private final int keep;
  private final InstantSource clock;
  private final EdgeplaceMetrics metrics;
  private final FileIo io;
  private final ConcurrentHashMap<String, FileStoredState<?>> states = new ConcurrentHashMap<>();
  private final FileStoredState<ClusterSnapshot> cluster;

  private FileSnapshotStore(Builder b) {
    this.directory = b.directory;
    this.keep = b.keep;
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.io = b.io;
    this.cluster = new FileStoredState<>(this, CLUSTER, b.snapshotCodec);
    states.put(CLUSTER, cluster);
  }

  /** A builder for a store in {@code directory}. */
  public static Builder builder(Path directory) {
    return new Builder(directory);
  }

  @Override
  public StoredState<ClusterSnapshot> clusterSnapshots() {
    return cluster;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> StoredState<T> state(String name, Codec<T> codec) {
    Objects.requireNonNull(codec, "codec");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("state name \"" + name
          + "\" must be 1 to 64 letters, digits, '-' or '_'; maybe \"image-platforms\"?");
    }
    if (name.equals(CLUSTER)) {
      throw new IllegalArgumentException("state name \"cluster\" is taken by the cluster snapshots; "
          + "maybe \"cluster-extra\"?");
    }
    return (StoredState<T>) states.computeIfAbsent(name, n -> new FileStoredState<>(this, n, codec));
  }

  /** The directory this store writes. */
  public Path directory() {
    return directory;
  }

  int keep() {
    return keep;
  }

  InstantSource clock() {
    return clock;
  }

  EdgeplaceMetrics metrics() {
    return metrics;
  }

  FileIo io() {
    return io;
  }

  @Override
  public String toString() {
    return "FileSnapshotStore[" + directory + ", keep " + keep + "]";
  }

  /** Settings of a {@link FileSnapshotStore}; each is checked when set. */
  public static final class Builder {
    private final Path directory;
    private int keep = 3;
    private InstantSource clock = InstantSource.system();
    private EdgeplaceMetrics metrics = EdgeplaceMetrics.NOOP;
    private Codec<ClusterSnapshot> snapshotCodec = SnapshotCodec.instance();
    private FileIo io = FileIo.DEFAULT;

    private Builder(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    }

    /** How many generations of each state to keep, at least 1. Default 3. */
    public Builder keepGenerations(int keep) {
      if (keep < 1) {
        throw new IllegalArgumentException("keepGenerations must be at least 1, got " + keep);
      }
      this.keep = keep;
      return this;
    }

    /** The clock of save times. Default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where persist and load failures are reported. Default no-op. */
    public Builder metrics(EdgeplaceMetrics metrics) {
      this.metrics = Objects.requireNonNull(metrics, "metrics");
      return this;
    }

    /** The codec of cluster snapshots. Default {@link SnapshotCodec#instance()}. */
    public Builder snapshotCodec(Codec<ClusterSnapshot> codec) {
      this.snapshotCodec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    /* For tests: file operations that fail like a full disk. */
    Builder fileIo(FileIo io) {
      this.io = Objects.requireNonNull(io, "io");
      return this;
    }

    public FileSnapshotStore build() {
      return new FileSnapshotStore(this);
    }
  }
}
