package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --health-listen}: with mutual TLS on the main port, kubelet-style probes and a
 * Prometheus-style scrape reach {@code /healthz}, {@code /readyz} and {@code /metrics} over plain
 * HTTP on the health port, which serves nothing else; the main port still refuses clients without
 * a certificate. Started through the command line, over real loopback HTTP.
 */
class HealthPortTest {
  @TempDir
  static Path dir;
  static TestPki pki;

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = new TestPki(dir);
    pki.ca("test-ca");
    pki.leaf("server", "test-ca", "serverAuth");
    pki.leaf("client", "test-ca", "clientAuth");
  }

  /** Runs {@link Main} with {@code args} until {@code body} is done with the started extender, then stops it. */
  static void withMain(String[] args, ThrowingConsumer body) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Extender> started = new CompletableFuture<>();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(args,
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err, started::complete));
    Extender e;
    try {
      e = started.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException timeout) {
      throw new AssertionError("the extender did not start; exit code " + code.getNow(null), timeout);
    }
    try {
      body.accept(e);
    } finally {
      e.close();
    }
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
  }

  interface ThrowingConsumer {
    void accept(Extender e) throws Exception;
  }

  @Test
  void withMutualTls_theHealthPortAnswersProbesAndScrapesInPlainHttp_andTheMainPortStillWantsACertificate()
      throws Exception {
    String[] args = {"--demo", "--listen", "127.0.0.1:0", "--health-listen", "127.0.0.1:0",
        "--tls-cert", pki.file("server.crt").toString(), "--tls-key", pki.file("server.key").toString(),
        "--client-ca", pki.file("test-ca.crt").toString()};
    withMain(args, e -> {
      URI health = e.healthUri();
      assertThat(health).isNotNull();
      assertThat(health.getScheme()).isEqualTo("http");
      assertThat(e.uri().getScheme()).isEqualTo("https");
      assertThat(health.getPort()).isNotEqualTo(e.uri().getPort());
      TestClient probe = new TestClient(health);

      HttpResponse<String> healthz = probe.get("/healthz");
      assertThat(healthz.statusCode()).isEqualTo(200);
      assertThat(TestClient.json(healthz).get("status").asText()).isEqualTo("ok");

      HttpResponse<String> readyz = probe.get("/readyz");
      assertThat(readyz.statusCode()).isEqualTo(200);
      assertThat(TestClient.json(readyz).get("ready").asBoolean()).isTrue();
      assertThat(TestClient.json(readyz).get("state").asText()).isEqualTo("STATIC");

      HttpResponse<String> head = probe.send(HttpRequest.newBuilder(health.resolve("/healthz"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build());
      assertThat(head.statusCode()).isEqualTo(200);

      // the placement endpoints are not on the health port, whatever the method
      HttpResponse<String> filter = probe.post("/filter", TlsTest.filterBody());
      assertThat(filter.statusCode()).isEqualTo(404);
      assertThat(filter.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode filterError = TestClient.json(filter);
      assertThat(TestClient.keys(filterError)).containsExactly("error");
      assertThat(filterError.get("error").asText()).contains("POST /filter").contains("health port")
          .contains("--listen");
      for (String path : new String[] {"/prioritize", "/explain", "/bind", "/", "/nope"}) {
        HttpResponse<String> r = probe.post(path, "{}");
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(TestClient.keys(TestClient.json(r))).as(path).containsExactly("error");
      }
      assertThat(probe.get("/filter").statusCode()).isEqualTo(404);
      // a wrong method on a health endpoint is the same 405 as on the main port
      HttpResponse<String> postHealthz = probe.post("/healthz", "{}");
      assertThat(postHealthz.statusCode()).isEqualTo(405);
      assertThat(postHealthz.headers().firstValue("Allow")).hasValue("GET, HEAD");

      // the scrape sees what the health port and the main port served
      TestClient trusted = new TestClient(e.uri(), TlsTest.client(pki.clientContext("test-ca", "client")));
      assertThat(trusted.post("/filter", TlsTest.filterBody()).statusCode()).isEqualTo(200);
      HttpResponse<String> metrics = probe.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body())
          .contains("edgeplace_extender_requests_total{outcome=\"ok\",verb=\"healthz\"}")
          .contains("edgeplace_extender_requests_total{outcome=\"ok\",verb=\"filter\"}")
          .contains("edgeplace_extender_requests_total{outcome=\"bad_request\",verb=\"other\"}")
          .doesNotContain("edgeplace_extender_requests_total{outcome=\"bad_request\",verb=\"filter\"}");

      // mutual TLS on the main port is unchanged: no certificate, no handshake
      TestClient anonymous = new TestClient(e.uri(), TlsTest.client(pki.clientContext("test-ca", null)));
      assertThatThrownBy(() -> anonymous.get("/healthz")).isInstanceOf(IOException.class);
      // and plain HTTP is not spoken there
      TestClient plainOnMain = new TestClient(URI.create("http://127.0.0.1:" + e.port()));
      assertThatThrownBy(() -> plainOnMain.get("/healthz")).isInstanceOf(IOException.class);
      // the health port kept answering throughout
      assertThat(probe.get("/readyz").statusCode()).isEqualTo(200);
    });
  }

  @Test
  void withoutHealthListen_thereIsNoHealthPort_andTheMainPortServesEverything() throws Exception {
    withMain(new String[] {"--demo", "--listen", "127.0.0.1:0"}, e -> {
      assertThat(e.healthUri()).isNull();
      TestClient c = new TestClient(e.uri());
      assertThat(c.get("/healthz").statusCode()).isEqualTo(200);
      assertThat(c.get("/metrics").statusCode()).isEqualTo(200);
      assertThat(TestClient.json(c.post("/filter", TlsTest.filterBody())).has("NodeNames")).isTrue();
    });
  }

  @Test
  void withPlainHttp_theHealthPortStillServesOnlyHealth() throws Exception {
    withMain(new String[] {"--demo", "--listen", "127.0.0.1:0", "--health-listen=127.0.0.1:0"}, e -> {
      URI health = e.healthUri();
      assertThat(health).isNotNull();
      TestClient probe = new TestClient(health);
      assertThat(probe.get("/readyz").statusCode()).isEqualTo(200);
      assertThat(probe.post("/filter", TlsTest.filterBody()).statusCode()).isEqualTo(404);
      TestClient main = new TestClient(e.uri());
      assertThat(main.post("/filter", TlsTest.filterBody()).statusCode()).isEqualTo(200);
      assertThat(main.get("/readyz").statusCode()).isEqualTo(200);
    });
  }
}
