package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.placement.ExtenderMetrics;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.server.ExtenderServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Clients that send a request and then never read its reply hold no server thread: more of
 * them than the server has threads, each owed a reply far larger than the sockets' buffers,
 * and the server still answers everyone else.
 */
class StuckClientTest {
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z"));
  private static final ClusterSnapshot SNAPSHOT = FakeCore.snapshot(20);

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a held thread would block the writes below
  void clientsThatNeverReadTheirReplies_holdNoServerThread() throws Exception {
    SnapshotSource source = SnapshotSource.fixed(SNAPSHOT, "a test snapshot", SNAPSHOT.time());
    ExtenderMetrics metrics = new ExtenderMetrics(source::freshness, () -> 0, CLOCK);
    ExtenderService service = FakeCore.service(source, metrics, CLOCK);
    ExtenderServer server = ExtenderServer.builder(service, source, metrics)
        .listen(new InetSocketAddress("127.0.0.1", 0)).maxThreads(4).maxBodyBytes(16 << 20).clock(CLOCK).build();
    server.start();
    List<Socket> stuck = new ArrayList<>();
    try {
      // 100,000 unknown names: a 4 MB request whose reply (each name with its message) is about 10 MB
      String[] names = new String[100_000];
      for (int i = 0; i < names.length; i++) {
        names[i] = "absent-node-with-a-long-name-" + i;
      }
      byte[] body = ExtenderHttpTest.byName(ExtenderHttpTest.pod("big", ""), names).getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST /filter HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int k = 0; k < 6; k++) {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", server.port()));
        stuck.add(s);
        OutputStream out = s.getOutputStream();
        out.write(head);
        out.write(body); // the server reads it all, then owes a reply this client never reads
        out.flush();
      }
      TestClient client = new TestClient(server.uri());
      HttpResponse<String> health = client.get("/healthz");
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> filter = client.post("/filter",
          ExtenderHttpTest.byName(ExtenderHttpTest.pod("ok", ""), FakeCore.name(1), FakeCore.name(2)));
      assertThat(filter.statusCode()).isEqualTo(200);
      assertThat(TestClient.json(filter).get("NodeNames")).hasSize(2);

      // the same 4 MB body from a client that reads: declared bodies over 1 MiB are read as they grow
      HttpResponse<String> big = client.post("/filter", new String(body, StandardCharsets.UTF_8));
      assertThat(big.statusCode()).isEqualTo(200);
      com.fasterxml.jackson.databind.JsonNode failed = TestClient.json(big).get("FailedNodes");
      assertThat(failed.size()).isEqualTo(names.length);
      assertThat(failed.has(names[0])).isTrue();
      assertThat(failed.has(names[names.length - 1])).isTrue();
    } finally {
      for (Socket s : stuck) {
        s.close();
      }
      server.stop();
    }
  }
}
