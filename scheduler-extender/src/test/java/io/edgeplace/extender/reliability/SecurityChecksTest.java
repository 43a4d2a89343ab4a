package io.edgeplace.extender.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.core.image.RegistryCredentials;
import io.edgeplace.core.image.RegistryImagePlatformResolver;
import io.edgeplace.extender.Extender;
import io.edgeplace.extender.Options;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security checks of {@code SECURITY.md} not already covered by the extender's own tests
 * ({@code TlsTest}: TLS 1.2/1.3 and mutual TLS refusing clients without or with a foreign
 * certificate; {@code ExtenderHttpTest}/{@code LiveBindTest}: 413 over the body limit, forged
 * bindings refused and counted; {@code DeployManifestsTest}: read-only ClusterRole, bind role
 * with only create on pods/binding, non-root read-only container): a TLS 1.1 handshake is
 * refused on the wire, nesting depth and token count limits, no endpoint writes to the API
 * server without {@code --bind}, and registry credentials appear neither in logs nor in errors.
 */
class SecurityChecksTest {
  @TempDir
  Path dir;

  private Path resource(String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = SecurityChecksTest.class.getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void tls11Handshake_isRefusedOnTheWire_whileTls12IsAnswered() throws Exception {
    Options o = Options.parse(List.of("--demo", "--listen", "127.0.0.1:0", "--tls-cert",
        resource("server.pem").toString(), "--tls-key", resource("server-key.pem").toString()));
    long t0 = System.nanoTime();
    try (Extender e = Extender.start(o)) {
      System.out.printf("tls: started after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      // ECDHE-ECDSA suites (the test key is P-256): AES-128-GCM (TLS 1.2 only), AES-128-CBC-SHA
      int tls12 = firstByteAnswered(e.port(), 0x0303, new int[] {0xC02B, 0xC009});
      int tls11 = firstByteAnswered(e.port(), 0x0302, new int[] {0xC009, 0xC00A});
      int tls10 = firstByteAnswered(e.port(), 0x0301, new int[] {0xC009, 0xC00A});
      System.out.printf("tls: first record type answered to a 1.2 hello %d, 1.1 hello %d, 1.0 hello %d%n",
          tls12, tls11, tls10);
      assertThat(tls12).as("a TLS 1.2 ClientHello gets a handshake record (ServerHello)").isEqualTo(0x16);
      assertThat(tls11).as("a TLS 1.1 ClientHello gets an alert or a closed connection").isIn(0x15, -1);
      assertThat(tls10).as("a TLS 1.0 ClientHello gets an alert or a closed connection").isIn(0x15, -1);
      System.out.printf("tls: handshakes done after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }
    System.out.printf("tls: stopped after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  /* Sends a minimal ClientHello offering at most {@code version}; returns the first byte answered or -1. */
  private static int firstByteAnswered(int port, int version, int[] suites) throws IOException {
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    writeExt(ext, 0x000a, new byte[] {0, 4, 0, 0x17, 0, 0x1d});           // supported_groups
    writeExt(ext, 0x000b, new byte[] {1, 0});                             // ec_point_formats
    writeExt(ext, 0x000d, new byte[] {0, 6, 4, 3, 8, 4, 4, 1});          // signature_algorithms
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(version >> 8);
    body.write(version);
    body.write(new byte[32], 0, 32);                                      // random
    body.write(0);                                                        // session id
    body.write(0);
    body.write(suites.length * 2);
    for (int s : suites) {
      body.write(s >> 8);
      body.write(s);
    }
    body.write(1);
    body.write(0);                                                        // null compression
    byte[] e = ext.toByteArray();
    body.write(e.length >> 8);
    body.write(e.length);
    body.write(e, 0, e.length);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream rec = new ByteArrayOutputStream();
    rec.write(0x16);
    rec.write(3);
    rec.write(1);
    int hsLen = b.length + 4;
    rec.write(hsLen >> 8);
    rec.write(hsLen);
    rec.write(1);                                                         // client_hello
    rec.write(0);
    rec.write(b.length >> 8);
    rec.write(b.length);
    rec.write(b, 0, b.length);
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(rec.toByteArray());
      s.getOutputStream().flush();
      try {
        return s.getInputStream().read();
      } catch (IOException reset) {
        return -1;
      }
    }
  }

  private static void writeExt(ByteArrayOutputStream out, int type, byte[] data) {
    out.write(type >> 8);
    out.write(type);
    out.write(data.length >> 8);
    out.write(data.length);
    out.write(data, 0, data.length);
  }

  @Test
  void nestingDepthAndTokenCountLimits_are400WithAJsonError_andTheServerGoesOn() throws Exception {
    Options o = Options.parse(List.of("--demo", "--listen", "127.0.0.1:0", "--max-body-bytes", "1048576"));
    try (Extender e = Extender.start(o)) {
      HttpClient http = Fixtures.http();
      String deep = "{\"Pod\":{\"metadata\":{\"name\":\"p\",\"x\":" + "[".repeat(200) + "]".repeat(200)
          + "}},\"NodeNames\":[]}";
      StringBuilder many = new StringBuilder("{\"Pod\":{\"metadata\":{\"name\":\"p\"}},\"NodeNames\":[],\"x\":[");
      for (int i = 0; i < 300_000; i++) {
        many.append(i == 0 ? "0" : ",0");
      }
      many.append("]}");
      assertThat(many.length()).as("under the body limit").isLessThan(1 << 20);
      StringBuilder fields = new StringBuilder("{\"Pod\":{\"metadata\":{\"name\":\"p\"},\"f\":{");
      for (int i = 0; i < 140_000; i++) {
        fields.append(i == 0 ? "" : ",").append("\"").append(Integer.toString(i, 36)).append("\":1");
      }
      fields.append("}},\"NodeNames\":[]}");
      for (String verb : List.of("/filter", "/prioritize", "/explain")) {
        for (String[] c : List.of(new String[] {"depth", deep}, new String[] {"tokens", many.toString()},
            new String[] {"fields", fields.toString()})) {
          HttpResponse<String> r = Fixtures.post(http, e.uri(), verb, c[1]);
          assertThat(r.statusCode()).as("%s %s (%d bytes): %s", verb, c[0], c[1].length(), r.body())
              .isIn(400, 413);
          JsonNode j = Fixtures.json(r);
          assertThat(j.path("error").asText()).as("%s %s error", verb, c[0]).isNotEmpty();
          assertThat(Fixtures.get(http, e.uri(), "/healthz").statusCode()).isEqualTo(200);
        }
      }
      String metrics = Fixtures.get(http, e.uri(), "/metrics").body();
      assertThat(metrics).contains("outcome=\"bad_request\"");
    }
  }

  @Test
  void withoutBind_noEndpointWritesToTheApiServer() throws Exception {
    try (LiveApi api = new LiveApi()) {
      api.createNodes(5);
      Pod pod;
      try (KubernetesClient c = api.client()) {
        pod = c.pods().inNamespace("soak").resource(c.getKubernetesSerialization().unmarshal(
            Fixtures.pod("pending", 0, "registry.invalid/app:1").toString(), Pod.class)).create();
      }
      api.takeRequests();
      Options o = Options.parse(List.of("--kubeconfig", Fixtures.kubeconfig(dir, api.url()).toString(),
          "--listen", "127.0.0.1:0"));
      try (Extender e = Extender.start(o)) {
        HttpClient http = Fixtures.http();
        Fixtures.await("ready with 5 nodes", Duration.ofSeconds(60), () -> e.service().nodeNames().size() == 5);
        List<String> names = List.of("edge-0000", "edge-0001", "edge-0002", "edge-0003", "edge-0004");
        String args = Fixtures.args(Fixtures.JSON.valueToTree(Fixtures.JSON.readTree(
            new io.fabric8.kubernetes.client.utils.KubernetesSerialization().asJson(pod))), names);
        String binding = "{\"PodName\":\"pending\",\"PodNamespace\":\"soak\",\"PodUID\":\""
            + pod.getMetadata().getUid() + "\",\"Node\":\"edge-0001\"}";
        List<String> seen = new ArrayList<>();
        for (String path : List.of("/filter", "/prioritize", "/explain", "/bind", "/healthz", "/readyz", "/metrics",
            "/", "/api/v1/namespaces/soak/pods/pending/binding")) {
          for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            String body = path.equals("/bind") ? binding : args;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(e.uri().resolve(path))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .method(method, method.equals("GET") || method.equals("DELETE")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            seen.add(method + " " + path + " " + r.statusCode());
            assertThat(r.statusCode()).as(method + " " + path).isLessThan(500);
            if (path.equals("/bind")) {
              assertThat(r.statusCode()).as(method + " /bind without --bind").isIn(404);
            }
          }
        }
        List<String> writes = new ArrayList<>();
        for (RecordedRequest r : api.takeRequests()) {
          if (!r.getMethod().equalsIgnoreCase("GET")) {
            writes.add(r.getRequestLine());
          }
        }
        System.out.println("no --bind: " + seen.size() + " requests sent; API server writes: " + writes);
        assertThat(writes).as("requests that change cluster state").isEmpty();
      }
      try (KubernetesClient c = api.client()) {
        assertThat(c.pods().inNamespace("soak").withName("pending").get().getSpec().getNodeName()).isNull();
        assertThat(c.bindings().inNamespace("soak").withName("pending").get()).isNull();
      }
    }
  }

  @Test
  void registryCredentials_appearNeitherInLogsNorInErrors() throws Exception {
    String user = "robot-user";
    String secret = "s3cr3t-Pa55w0rd-do-not-leak";
    String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    // a hostile registry: challenges for Basic auth, then reflects the Authorization header it got
    HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    registry.createContext("/", x -> {
      String auth = x.getRequestHeaders().getFirst("Authorization");
      byte[] body;
      if (auth == null) {
        x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
        body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"log in\"}]}".getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(401, body.length);
      } else {
        body = ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"you sent " + auth + " = " + user + ":" + secret
            + "\"}]}").getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(x.getRequestURI().getPath().contains("/manifests/") ? 403 : 500, body.length);
      }
      x.getResponseBody().write(body);
      x.close();
    });
    registry.start();
    String host = "127.0.0.1:" + registry.getAddress().getPort();
    PrintStream err = System.err;
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    try (PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setErr(tee);
      System.setOut(tee);
      String config = "{\"auths\":{\"" + host + "\":{\"auth\":\"" + basic + "\"}}}";
      try (RegistryImagePlatformResolver resolver = RegistryImagePlatformResolver.builder()
          .credentials(RegistryCredentials.fromDockerConfigJson(config))
          .requestTimeout(Duration.ofSeconds(3)).build()) {
        for (String ref : List.of(host + "/acme/private:1.0", host + "/acme/other@sha256:" + "a".repeat(64))) {
          ImagePlatforms p = resolver.resolve(ref).get(30, TimeUnit.SECONDS);
          messages.add(p.detail());
          messages.add(resolver.lookup(ref).detail());
        }
        messages.add(resolver.toString());
      }
      // a docker config that is broken around the secret: the error must not quote it
      for (String broken : List.of("{\"auths\":{\"" + host + "\":{\"auth\":\"" + basic + "\"",
          "{\"auths\":{\"" + host + "\":{\"auth\":\"" + basic + "!!\"}}}",
          "{\"auths\":{\"" + host + "\":{\"username\":\"" + user + "\",\"password\":" + "[\"" + secret + "\"]}}}")) {
        assertThatThrownBy(() -> RegistryCredentials.fromDockerConfigJson(broken))
            .satisfies(t -> messages.add(String.valueOf(t.getMessage()) + " / " + t.getCause()));
      }
    } finally {
      System.setErr(err);
      System.setOut(out);
      registry.stop(0);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);
    System.out.println("registry credentials: messages " + messages);
    for (String leak : List.of(secret, basic)) {
      assertThat(messages).as("errors and details").noneMatch(m -> m.contains(leak));
      assertThat(logs).as("logs").doesNotContain(leak);
    }
  }
}
