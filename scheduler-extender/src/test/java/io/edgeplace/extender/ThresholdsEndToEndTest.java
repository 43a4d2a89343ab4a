package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code thresholds:} of a {@code --config} file change what the extender decides, over real
 * loopback HTTP from the command line: a unit whose nodes last sent a heartbeat two minutes ago
 * is disconnected under the default 50s staleness window and connected under a 5m one.
 */
class ThresholdsEndToEndTest {
  @TempDir
  Path dir;

  private static final String POD = "{\"metadata\":{\"name\":\"web\",\"namespace\":\"default\",\"uid\":\"u-web\"},"
      + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1.27\"}]}}";
  private static final List<String> NODES = List.of("hill-1", "hill-2", "valley-1");

  private static String node(String name, String unit, Instant heartbeat) {
    return """
        {"kind":"Node","apiVersion":"v1","metadata":{"name":"%s","labels":{"edgeplace.io/unit":"%s",
          "kubernetes.io/arch":"amd64","kubernetes.io/os":"linux"}},
         "status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},
          "conditions":[{"type":"Ready","status":"True","lastHeartbeatTime":"%s"}]}}
        """.formatted(name, unit, heartbeat);
  }

  /* hill's two nodes have been silent for two minutes; valley's node is fresh. */
  private Path snapshot() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant quiet = now.minusSeconds(120);
    Path p = dir.resolve("edge.json");
    Files.writeString(p, "{\"kind\":\"List\",\"apiVersion\":\"v1\",\"items\":[" + node("hill-1", "hill", quiet) + ","
        + node("hill-2", "hill", quiet) + "," + node("valley-1", "valley", now) + "]}");
    return p;
  }

  private static String request() {
    return "{\"Pod\":" + POD + ",\"NodeNames\":[\"" + String.join("\",\"", NODES) + "\"]}";
  }

  record Replies(JsonNode filter, JsonNode explain) {
  }

  /* Runs the extender as the command line does, with the given extra arguments, and asks it once. */
  private static Replies ask(Path snapshot, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("--cluster-snapshot", snapshot.toString(), "--listen=127.0.0.1:0"));
    args.addAll(List.of(extra));
    CompletableFuture<Extender> started = new CompletableFuture<>();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(args.toArray(new String[0]),
        System.out, System.err, started::complete));
    Extender e = started.get(60, TimeUnit.SECONDS);
    try {
      TestClient c = new TestClient(e.uri());
      return new Replies(TestClient.json(c.post("/filter", request())), TestClient.json(c.post("/explain", request())));
    } finally {
      e.close();
      assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    }
  }

  @Test
  void staleAfter_fromTheConfigFile_keepsAQuietUnitOpen_andTheExplanationSaysSo() throws Exception {
    Path snapshot = snapshot();

    Replies byDefault = ask(snapshot);
    assertThat(TestClient.texts(byDefault.filter().get("NodeNames"))).containsExactly("valley-1");
    assertThat(TestClient.keys(byDefault.filter().get("FailedNodes"))).containsExactlyInAnyOrder("hill-1", "hill-2");
    assertThat(byDefault.filter().get("FailedNodes").get("hill-1").asText())
        .startsWith("unit-connectivity: ").contains("disconnected").contains("none within 50s");
    JsonNode hill = byName(byDefault.explain(), "hill-1");
    assertThat(hill.get("rejection").get("reason").asText()).isEqualTo("UnitDisconnected");
    assertThat(hill.get("notes").get("unit-connectivity").asText()).startsWith("unit \"hill\" disconnected");
    assertThat(hill.get("notes").get("image-pull-cost").asText())
        .contains("~200 MB (size unknown, assumed) over 1 Gbit/s (uplink unlimited, assumed)");

    Path config = dir.resolve("edgeplace.yaml");
    Files.writeString(config, """
        thresholds:
          unit-connectivity:
            staleAfter: 5m
            evictionAfter: 10m
          image-pull-cost:
            defaultImageSize: 1Gi
            unlimitedUplink: 100M
        """, StandardCharsets.UTF_8);
    Replies patient = ask(snapshot, "--config", config.toString());
    assertThat(TestClient.texts(patient.filter().get("NodeNames"))).containsExactlyInAnyOrderElementsOf(NODES);
    assertThat(patient.filter().get("FailedNodes").size()).isZero();
    JsonNode open = byName(patient.explain(), "hill-1");
    assertThat(open.get("feasible").asBoolean()).isTrue();
    assertThat(open.get("notes").get("unit-connectivity").asText())
        .startsWith("unit \"hill\" connected, newest heartbeat ").doesNotContain("stale");
    assertThat(open.get("notes").get("image-pull-cost").asText())
        .contains("~1 GB (size unknown, assumed) over 100 Mbit/s (uplink unlimited, assumed)");
  }

  @Test
  void aBadThreshold_stopsTheCommandLine_withExitCode2_andOneLineNamingKeyAndValue() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "thresholds:\n  unit-connectivity:\n    staleAfter: -50s\n");
    MainTest.Run r = MainTest.run("--cluster-snapshot", snapshot().toString(), "--config", config.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("edgeplace-extender: config " + config + ": ")
        .contains("thresholds.unit-connectivity.staleAfter is the string \"-50s\"").doesNotContain("\n");
  }

  private static JsonNode byName(JsonNode explain, String node) {
    for (JsonNode n : explain.get("nodes")) {
      if (n.get("node").asText().equals(node)) {
        return n;
      }
    }
    throw new AssertionError("no verdict on " + node + " in " + explain);
  }
}
