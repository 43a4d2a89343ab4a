package io.edgeplace.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.store.Stored;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that writes snapshots in a loop with SIGKILL at random moments, and checks
 * every time that the store loads a valid generation, at least as new as the last one the child
 * reported durable.
 */
class StoreCrashTest {

  private static final long SEED = Long.getLong("edgeplace.crashSeed", 20261125L);
  private static final int KILLS = 22;

  @Test
  void afterEverySigkill_theStoreLoadsAValidSnapshot(@TempDir Path dir) throws Exception {
    RandomGenerator rnd = SnapshotCodecTest.random(SEED);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = System.getProperty("java.class.path");
    long lastDurable = 0;
    int setAside = 0;
    int killedMidWrite = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      String context = "seed " + SEED + ", kill " + kill;
      int savesBeforeKill = 1 + rnd.nextInt(4);
      // every other kill lands inside a save: the child stalls in the save after those and says so
      boolean midWrite = kill % 2 == 1;
      Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
          CrashWriter.class.getName(), dir.toString(), Long.toString(SEED + kill),
          Integer.toString(midWrite ? savesBeforeKill + 1 : 0))
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (int seen = 0; seen < savesBeforeKill; seen++) {
          String line = out.readLine();
          assertThat(line).as(context + ": the child saves").isNotNull().startsWith("saved ");
          lastDurable = Math.max(lastDurable, Long.parseLong(line.substring(6)));
        }
        if (midWrite) {
          assertThat(out.readLine()).as(context + ": the child stalls inside a save").isEqualTo("writing");
        }
        // otherwise the child goes on writing, and the kill lands at an arbitrary point of a save
        child.destroyForcibly();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as(context).isTrue();
      } finally {
        child.destroyForcibly();
      }

      if (!filesEndingWith(dir, ".snap.tmp").isEmpty()) {
        killedMidWrite++;
      } else {
        assertThat(midWrite).as(context + ": a kill inside a save leaves its temporary file").isFalse();
      }
      Stored<ClusterSnapshot> loaded = FileSnapshotStore.builder(dir).build().clusterSnapshots().loadLatest()
          .orElseThrow(() -> new AssertionError(context + ": nothing loadable"));
      assertThat(loaded.generation()).as(context + ": at least the last durable generation")
          .isGreaterThanOrEqualTo(lastDurable);
      assertThat(loaded.value().nodeCount()).as(context).isIn(100, 200, 300);
      lastDurable = loaded.generation();
      setAside += filesEndingWith(dir, ".corrupt").size();
    }
    System.out.printf("StoreCrashTest: seed %d, %d kills, %d of them during a write (temporary file left)%n", SEED,
        KILLS, killedMidWrite);
    assertThat(setAside).as("an atomic rename never exposes a partial file").isZero();
    assertThat(killedMidWrite).as("kills that landed while a file was being written").isGreaterThanOrEqualTo(KILLS / 2);
  }

  private static List<Path> filesEndingWith(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).toList();
    }
  }
}
