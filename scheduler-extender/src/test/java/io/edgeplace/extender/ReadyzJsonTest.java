package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplace.extender.reliability.Fixtures;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /readyz} while live mode has nothing to serve yet: the API server of the kubeconfig
 * is a closed port on 127.0.0.1, so the extender stays {@code LOADING}. The values it does not
 * have are JSON {@code null}, never the string {@code "null"}, and the keys are all there.
 */
class ReadyzJsonTest {
  @TempDir
  Path dir;

  /** A port on 127.0.0.1 that nothing listens on (bound, then released). */
  static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void assertLoadingWithJsonNulls(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(r.body()).doesNotContain("\"null\"");
    JsonNode j = TestClient.json(r);
    assertThat(TestClient.keys(j)).containsExactly("ready", "state", "since", "snapshotTime", "ageSeconds", "detail");
    assertThat(j.get("ready").asBoolean(true)).isFalse();
    assertThat(j.get("state").asText()).isEqualTo("LOADING");
    assertThat(j.get("snapshotTime").isNull()).as("snapshotTime is JSON null: " + r.body()).isTrue();
    assertThat(j.get("ageSeconds").isNull()).as("ageSeconds is JSON null: " + r.body()).isTrue();
    JsonNode since = j.get("since");
    if (!since.isNull()) {
      assertThat(since.isTextual()).as(r.body()).isTrue();
      Instant.parse(since.asText());
    }
    assertThat(j.get("detail").isTextual()).isTrue();
  }

  @Test
  void readyz_whileLoading_writesJsonNullForTheSnapshotTimeAndAge_onBothPorts() throws Exception {
    Path config = Fixtures.kubeconfig(dir, "http://127.0.0.1:" + closedPort());
    Options options = Options.parse(List.of("--kubeconfig", config.toString(), "--listen", "127.0.0.1:0",
        "--health-listen", "127.0.0.1:0"));
    try (Extender e = Extender.start(options)) {
      assertLoadingWithJsonNulls(new TestClient(e.uri()).get("/readyz"));
      URI health = e.healthUri();
      assertThat(health).isNotNull();
      assertLoadingWithJsonNulls(new TestClient(health).get("/readyz"));
    }
  }
}
