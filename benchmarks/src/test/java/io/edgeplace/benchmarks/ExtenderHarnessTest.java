package io.edgeplace.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pieces the extender benchmarks measure with: the socket client reads the same replies the
 * JDK's client does, the requests are what kube-scheduler sends (the prioritize call carries the
 * names the filter passed), and the separate-process server starts, answers, writes the
 * requests for {@code wrk} and goes away when its parent closes its input.
 */
class ExtenderHarnessTest {

  @Test
  void socketClient_readsWhatTheJdkClientReads_overOneKeptConnection() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(60, 42);
    try (Extender extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
         ExtenderSocketClient socket = new ExtenderSocketClient(extender.uri())) {
      HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
      byte[] filter = ExtenderRequests.byName(snapshot);
      String viaJdk = jdk.send(HttpRequest.newBuilder(extender.uri().resolve("/filter"))
          .POST(HttpRequest.BodyPublishers.ofByteArray(filter)).build(), HttpResponse.BodyHandlers.ofString()).body();
      byte[] filterRequest = socket.post("/filter", filter);
      for (int round = 0; round < 3; round++) {
        assertThat(socket.send(filterRequest)).isEqualTo(200);
        assertThat(new String(socket.body(), StandardCharsets.UTF_8)).isEqualTo(viaJdk);
      }
      List<String> passed = ExtenderRequests.passedNames(viaJdk);
      assertThat(passed).isNotEmpty().hasSizeLessThanOrEqualTo(60).allMatch(n -> snapshot.nodeIndex(n) >= 0);

      byte[] prioritize = ExtenderRequests.byName(passed);
      assertThat(socket.send(socket.post("/prioritize", prioritize))).isEqualTo(200);
      String scores = new String(socket.body(), StandardCharsets.UTF_8);
      assertThat(scores).startsWith("[{\"Host\":\"" + passed.get(0) + "\",\"Score\":");
      assertThat(scores.split("\\{\"Host\"", -1)).hasSize(passed.size() + 1);
      assertThat(socket.send(socket.get("/healthz"))).isEqualTo(200);
      assertThat(socket.send(socket.get("/no-such-path"))).isEqualTo(404);
    }
  }

  @Test
  void podCalls_sendTheSameTwoCalls_withEveryClient() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(60, 42);
    try (Extender extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
         PodCalls calls = PodCalls.against(extender.uri(), snapshot)) {
      byte[][] replies = calls.replies();
      // filter names every node; prioritize names exactly what the filter passed
      List<String> passed = ExtenderRequests.passedNames(new String(replies[0], StandardCharsets.UTF_8));
      assertThat(passed).isNotEmpty();
      assertThat(ExtenderRequests.passedNames(new String(calls.prioritizeBody, StandardCharsets.UTF_8)))
          .isEqualTo(passed);
      assertThat(ExtenderRequests.passedNames(new String(calls.filterBody, StandardCharsets.UTF_8)))
          .isEqualTo(snapshot.nodes().stream().map(io.edgeplace.api.Node::name).toList());
      int total = replies[0].length + replies[1].length;
      assertThat(calls.socket()).isEqualTo(total);
      assertThat(calls.jdk()).isEqualTo(total);
      assertThat(calls.jdkDirect()).isEqualTo(total);
    }
  }

  @Test
  void serverProcess_writesTheRequests_answers_andLeavesWithItsParent(@TempDir Path dir) throws Exception {
    ExtenderServerMain.Launched launched = ExtenderServerMain.launch(40,
        List.of("-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"), dir);
    Process server = launched.process();
    try {
      URI base = launched.uri();
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      byte[] filter = Files.readAllBytes(dir.resolve("filter.json"));
      byte[] prioritize = Files.readAllBytes(dir.resolve("prioritize.json"));
      assertThat(new String(filter, StandardCharsets.UTF_8)).contains("\"NodeNames\":[");
      try (ExtenderSocketClient socket = new ExtenderSocketClient(base)) {
        assertThat(socket.send(socket.post("/filter", filter))).isEqualTo(200);
        List<String> passed = ExtenderRequests.passedNames(new String(socket.body(), StandardCharsets.UTF_8));
        assertThat(prioritize).isEqualTo(ExtenderRequests.byName(passed));
        assertThat(socket.send(socket.post("/prioritize", prioritize))).isEqualTo(200);
      }
      server.getOutputStream().close();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server exits when its input ends").isTrue();
      assertThat(server.exitValue()).isZero();
    } finally {
      server.destroyForcibly();
    }
  }
}
