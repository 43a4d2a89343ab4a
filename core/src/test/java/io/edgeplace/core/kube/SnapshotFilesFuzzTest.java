package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
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

  /*
   * Well-formed files whose values are fuzzed: every label, annotation, quantity, time, operator
   * and effect edgeplace reads, so that the fuzzer reaches the conversion of nodes, pods, units
   * and NodePools rather than the YAML and JSON syntax checks.
   */
  @FuzzTest(maxDuration = "60s")
  void fieldValues(FuzzedDataProvider data) {
    String json = """
        {"kind":"List","items":[
         {"kind":"Node","metadata":{"name":"n1","labels":{"kubernetes.io/arch":%s,"edgeplace.io/arch-variant":%s,
           "edgeplace.io/unit":%s},"annotations":{"edgeplace.io/uplink-bandwidth":%s,"edgeplace.io/uplink-latency":%s,
           "edgeplace.io/network-mode":%s,"edgeplace.io/runtime-handlers":%s}},
          "spec":{"taints":[{"key":%s,"effect":%s}]},
          "status":{"allocatable":{"cpu":%s,"memory":%s},"conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":%s}]}},
         {"kind":"NodePool","apiVersion":"apps.openyurt.io/v1beta2","metadata":{"name":%s,
           "annotations":{"edgeplace.io/uplink-bandwidth":%s}}},
         {"kind":"Pod","metadata":{"name":"p","annotations":{"kubernetes.io/egress-bandwidth":%s,
           "edgeplace.io/traffic-peers":%s}},
          "spec":{"nodeName":"n1","containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":%s},
           "limits":{"memory":%s}}}],"initContainers":[{"name":"i","restartPolicy":%s,"resources":{"requests":{"cpu":%s}}}]},
          "status":{"phase":%s}}]}
        """.formatted(v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data),
        v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data), v(data));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    try {
      FILES.read("fuzz.json", bytes, T);
    } catch (SnapshotFileException e) {
      assertThat(e.getMessage()).startsWith("cluster snapshot file fuzz.json: ");
    }
  }

  /* A JSON string (or now and then null) holding a short fuzzed value. */
  private static String v(FuzzedDataProvider data) {
    if (data.remainingBytes() == 0 || data.consumeBoolean()) {
      return data.remainingBytes() % 7 == 0 ? "null" : "\"1\"";
    }
    String s = data.consumeString(24);
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
