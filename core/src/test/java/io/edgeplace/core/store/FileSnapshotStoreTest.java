package io.edgeplace.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.Stored;
import io.edgeplace.api.store.StoredState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSnapshotStoreTest {

  @TempDir
  Path dir;

  private final List<String> loadFailures = new CopyOnWriteArrayList<>();
  private final List<String> persistFailures = new CopyOnWriteArrayList<>();
  private final EdgeplaceMetrics metrics = new EdgeplaceMetrics() {
    @Override
    public void loadFailed(String state, String reason) {
      loadFailures.add(state + ": " + reason);
    }

    @Override
    public void persistFailed(String state, Throwable error) {
      persistFailures.add(state + ": " + error.getMessage());
    }
  };

  private FileSnapshotStore store() {
    return FileSnapshotStore.builder(dir).metrics(metrics).build();
  }

  private static ClusterSnapshot snapshot(long seed) {
    return TestSnapshots.random(SnapshotCodecTest.random(seed), 20, 100);
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void loadLatest_ofAnEmptyOrMissingDirectory_isEmpty() throws IOException {
    assertThat(store().clusterSnapshots().loadLatest()).isEmpty();
    assertThat(FileSnapshotStore.builder(dir.resolve("missing")).build().clusterSnapshots().loadLatest()).isEmpty();
  }

  @Test
  void save_thenLoadLatest_returnsTheNewestGeneration() throws IOException {
    StoredState<ClusterSnapshot> state = store().clusterSnapshots();
    Stored<ClusterSnapshot> first = state.save(snapshot(1));
    Stored<ClusterSnapshot> second = state.save(snapshot(2));
    assertThat(first.generation()).isEqualTo(1);
    assertThat(second.generation()).isEqualTo(2);

    Stored<ClusterSnapshot> loaded = store().clusterSnapshots().loadLatest().orElseThrow();
    assertThat(loaded.generation()).isEqualTo(2);
    assertThat(loaded.savedAt()).isEqualTo(second.savedAt());
    assertThat(loaded.sizeBytes()).isEqualTo(Files.size(dir.resolve("cluster.000000000002.snap")));
    SnapshotCodecTest.assertSameContent(loaded.value(), snapshot(2));
  }

  @Test
  void save_keepsOnlyTheLastGenerations_andLeavesNoTemporaryFiles() throws IOException {
    StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(dir).keepGenerations(3).build().clusterSnapshots();
    for (int i = 1; i <= 7; i++) {
      state.save(snapshot(i));
    }
    assertThat(files()).containsExactly("cluster.000000000005.snap", "cluster.000000000006.snap",
        "cluster.000000000007.snap");
  }

  @Test
  void aNewStoreOnTheSameDirectory_continuesTheGenerations() throws IOException {
    store().clusterSnapshots().save(snapshot(1));
    store().clusterSnapshots().save(snapshot(2));
    assertThat(store().clusterSnapshots().save(snapshot(3)).generation()).isEqualTo(3);
  }

  @Test
  void aCorruptNewestGeneration_isSetAsideAndThePreviousOneServed() throws IOException {
    StoredState<ClusterSnapshot> state = store().clusterSnapshots();
    state.save(snapshot(1));
    state.save(snapshot(2));
    Path newest = dir.resolve("cluster.000000000002.snap");
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(newest, bytes);

    Stored<ClusterSnapshot> loaded = store().clusterSnapshots().loadLatest().orElseThrow();
    assertThat(loaded.generation()).isEqualTo(1);
    SnapshotCodecTest.assertSameContent(loaded.value(), snapshot(1));
    assertThat(files()).containsExactly("cluster.000000000001.snap", "cluster.000000000002.snap.corrupt");
    assertThat(loadFailures).singleElement().asString().contains("cluster.000000000002.snap").contains("checksum");
  }

  @Test
  void aTruncatedNewestGeneration_isSetAside() throws IOException {
    StoredState<ClusterSnapshot> state = store().clusterSnapshots();
    state.save(snapshot(1));
    state.save(snapshot(2));
    Path newest = dir.resolve("cluster.000000000002.snap");
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 100));
    assertThat(store().clusterSnapshots().loadLatest().orElseThrow().generation()).isEqualTo(1);
    assertThat(loadFailures).singleElement().asString().contains("truncated");
  }

  /* Random damage to the newest file: never served; the previous generation is. */
  @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
  @org.junit.jupiter.params.provider.ValueSource(longs = {101, 102, 103, 104, 105, 106, 107, 108})
  void randomDamageToTheNewestFile_isNeverServed(long seed) throws IOException {
    java.util.random.RandomGenerator rnd = SnapshotCodecTest.random(seed);
    StoredState<ClusterSnapshot> state = store().clusterSnapshots();
    state.save(snapshot(1));
    state.save(snapshot(2));
    Path newest = dir.resolve("cluster.000000000002.snap");
    byte[] bytes = Files.readAllBytes(newest);
    switch (rnd.nextInt(3)) {
      case 0 -> bytes = java.util.Arrays.copyOf(bytes, rnd.nextInt(bytes.length));
      case 1 -> bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 + rnd.nextInt(255));
      default -> {
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1 + rnd.nextInt(64));
        bytes = longer;
      }
    }
    Files.write(newest, bytes);
    Stored<ClusterSnapshot> loaded = store().clusterSnapshots().loadLatest().orElseThrow();
    assertThat(loaded.generation()).as("seed %d", seed).isEqualTo(1);
    assertThat(files()).as("seed %d", seed).contains("cluster.000000000002.snap.corrupt");
  }

  @Test
  void afterSettingAside_theNextSaveUsesANewGenerationNumber() throws IOException {
    FileSnapshotStore s = store();
    s.clusterSnapshots().save(snapshot(1));
    Files.writeString(dir.resolve("cluster.000000000002.snap"), "garbage");
    assertThat(s.clusterSnapshots().loadLatest().orElseThrow().generation()).isEqualTo(1);
    assertThat(s.clusterSnapshots().save(snapshot(3)).generation()).isEqualTo(3);
  }

  @Test
  void garbageFiles_areSetAsideOrIgnored_andNothingCorruptIsServed() throws IOException {
    Files.writeString(dir.resolve("cluster.000000000009.snap"), "not a snapshot");
    Files.write(dir.resolve("cluster.000000000008.snap"), new byte[0]);
    Files.writeString(dir.resolve("notes.txt"), "unrelated");
    Files.writeString(dir.resolve("cluster.abc.snap"), "bad name");
    assertThat(store().clusterSnapshots().loadLatest()).isEmpty();
    assertThat(files()).contains("cluster.000000000009.snap.corrupt", "cluster.000000000008.snap.corrupt",
        "notes.txt", "cluster.abc.snap");
    assertThat(loadFailures).hasSize(2).allSatisfy(f -> assertThat(f).contains("corrupt"));
  }

  @Test
  void aFileOfAnotherStateCopiedOverAGeneration_isNotServed() throws IOException {
    FileSnapshotStore s = store();
    s.state("notes", Codecs.string()).save("hello");
    Files.copy(dir.resolve("notes.000000000001.snap"), dir.resolve("cluster.000000000001.snap"));
    assertThat(s.clusterSnapshots().loadLatest()).isEmpty();
    assertThat(loadFailures).singleElement().asString().contains("state name is \"notes\"");
  }

  @Test
  void aGenerationOfANewerFormat_isSkippedButLeftInPlace() throws IOException {
    Codec<String> v2 = new Codec<>() {
      @Override
      public int version() {
        return 2;
      }

      @Override
      public byte[] encode(String value) {
        return Codecs.string().encode(value);
      }

      @Override
      public String decode(byte[] bytes, int version) throws IOException {
        return Codecs.string().decode(bytes, version);
      }
    };
    store().state("notes", Codecs.string()).save("old");
    FileSnapshotStore.builder(dir).build().state("notes", v2).save("new");
    Optional<Stored<String>> loaded = store().state("notes", Codecs.string()).loadLatest();
    assertThat(loaded.orElseThrow().value()).isEqualTo("old");
    assertThat(files()).contains("notes.000000000002.snap");
    assertThat(loadFailures).singleElement().asString().contains("format version 2");
  }

  @Test
  void namedStates_areKeptApart() throws IOException {
    FileSnapshotStore s = store();
    s.state("a", Codecs.string()).save("one");
    s.state("b", Codecs.string()).save("two");
    s.clusterSnapshots().save(snapshot(1));
    assertThat(store().state("a", Codecs.string()).loadLatest().orElseThrow().value()).isEqualTo("one");
    assertThat(store().state("b", Codecs.string()).loadLatest().orElseThrow().value()).isEqualTo("two");
    assertThat(s.state("a", Codecs.string())).isSameAs(s.state("a", Codecs.string()));
  }

  @Test
  void stateNames_areChecked() {
    FileSnapshotStore s = store();
    assertThatThrownBy(() -> s.state("../x", Codecs.string())).hasMessageContaining("\"../x\"");
    assertThatThrownBy(() -> s.state("cluster", Codecs.string())).hasMessageContaining("is taken");
    assertThatThrownBy(() -> FileSnapshotStore.builder(dir).keepGenerations(0)).hasMessageContaining("got 0");
  }

  @Test
  void aDirectoryPathThatIsAFile_givesClearErrors() throws IOException {
    Path file = dir.resolve("file");
    Files.writeString(file, "x");
    StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(file).metrics(metrics).build().clusterSnapshots();
    assertThatThrownBy(state::loadLatest).isInstanceOf(IOException.class)
        .hasMessageContaining("cannot read the snapshot directory " + file)
        .hasMessageContaining("it is a file");
    assertThatThrownBy(() -> state.save(snapshot(1))).isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("maybe check its path and permissions");
    assertThat(persistFailures).hasSize(1);
  }

  @Test
  void anUnreadableDirectory_givesAClearError() throws IOException {
    Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path locked = Files.createDirectory(dir.resolve("locked"));
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      Assumptions.assumeFalse(Files.isReadable(locked), "permissions are not enforced for this user (root)");
      StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(locked).build().clusterSnapshots();
      assertThatThrownBy(state::loadLatest).isInstanceOf(IOException.class)
          .hasMessageContaining("cannot read the snapshot directory " + locked);
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /* A disk that fills up half-way through the write. */
  private static final class FullDisk implements FileIo {
    volatile boolean full;

    @Override
    public void writeDurably(Path file, byte[]... chunks) throws IOException {
      if (!full) {
        DEFAULT.writeDurably(file, chunks);
        return;
      }
      DEFAULT.writeDurably(file, java.util.Arrays.copyOf(chunks[0], chunks[0].length / 2));
      throw new IOException("No space left on device");
    }

    @Override
    public void moveAtomically(Path from, Path to) throws IOException {
      DEFAULT.moveAtomically(from, to);
    }

    @Override
    public void syncDirectory(Path d) throws IOException {
      DEFAULT.syncDirectory(d);
    }
  }

  @Test
  void aFullDisk_failsTheSaveClearly_andKeepsThePreviousGenerations() throws IOException {
    FullDisk disk = new FullDisk();
    StoredState<ClusterSnapshot> state = FileSnapshotStore.builder(dir).metrics(metrics).fileIo(disk).build()
        .clusterSnapshots();
    state.save(snapshot(1));
    disk.full = true;
    assertThatThrownBy(() -> state.save(snapshot(2))).isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device")
        .hasMessageContaining("the previous generations are intact");
    assertThat(files()).containsExactly("cluster.000000000001.snap");
    assertThat(persistFailures).hasSize(1);
    disk.full = false;
    assertThat(state.save(snapshot(3)).generation()).isEqualTo(2);
    SnapshotCodecTest.assertSameContent(state.loadLatest().orElseThrow().value(), snapshot(3));
  }

  @Test
  void savedAt_comesFromTheClock() throws IOException {
    Instant t = Instant.parse("2026-03-04T05:06:07.123456789Z");
    StoredState<String> state = FileSnapshotStore.builder(dir).clock(() -> t).build().state("x", Codecs.string());
    assertThat(state.save("v").savedAt()).isEqualTo(t);
    assertThat(state.loadLatest().orElseThrow().savedAt()).isEqualTo(t);
  }
}
