package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeplace.api.ClusterSnapshot;
import java.time.Instant;

/**
 * Fuzzes snapshot file reading with JSON and YAML: any input either gives a snapshot or a
 * {@link SnapshotFileException} naming the file; never an NPE, a ClassCastException or a hang.
 * Seeds in {@code SnapshotFilesFuzzTestInputs/}.
 */
class SnapshotFilesFuzzTest {

  private static final SnapshotFiles FILES = SnapshotFiles.builder().maxBytes(1 << 20).build();
  private static final Instant T = Instant.parse("2026-01-15T12:00:00Z");

  @FuzzTest(maxDuration = "60s")
  void snapshotFiles(byte[] input) {
    try {
      ClusterSnapshot s = FILES.read("fuzz.yaml", input, T);
      assertThat(s.time()).isEqualTo(T);
    } catch (SnapshotFileException e) {
      assertThat(e.getMessage()).startsWith("cluster snapshot file fuzz.yaml: ");
    }
  }
}
