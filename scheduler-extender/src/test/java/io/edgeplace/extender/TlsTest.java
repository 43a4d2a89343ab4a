package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.extender.placement.Reservations;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.server.PemTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with PEM files made at test time: HTTPS with PKCS#8 and PKCS#1 keys, TLS 1.2 and 1.3,
 * mutual TLS refusing clients without a certificate or with one from another CA, and clear
 * errors for files that do not fit.
 */
class TlsTest {
  @TempDir
  static Path dir;
  static TestPki pki;

  @BeforeAll
  static void makeCertificates() throws Exception {
    pki = new TestPki(dir);
    pki.ca("test-ca");
    pki.ca("other-ca");
    pki.leaf("server", "test-ca", "serverAuth");
    pki.leaf("client", "test-ca", "clientAuth");
    pki.leaf("stranger", "other-ca", "clientAuth");
  }

  static Extender start(Path cert, Path key, Path clientCa) throws Exception {
    FakeCore core = new FakeCore();
    SnapshotSource source = SnapshotSource.fixed(FakeCore.snapshot(5), "test", Instant.now());
    return Extender.start(new Extender.Parts(source, core, core, Reservations.NONE, null, List.of(),
            java.time.InstantSource.system()),
        new Extender.ServerSettings(new InetSocketAddress("127.0.0.1", 0), 1 << 20, cert, key, clientCa,
            Duration.ofSeconds(2)));
  }

  static HttpClient client(SSLContext ctx, String... protocols) {
    HttpClient.Builder b = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5));
    if (protocols.length > 0) {
      SSLParameters p = new SSLParameters();
      p.setProtocols(protocols);
      b.sslParameters(p);
    }
    return b.build();
  }

  static String filterBody() {
    return ExtenderHttpTest.byName(ExtenderHttpTest.pod("tls", ""), FakeCore.name(1));
  }

  @Test
  void https_servesWithAPkcs8Key_overTls13AndTls12() throws Exception {
    try (Extender e = start(pki.file("server.crt"), pki.file("server.key"), null)) {
      assertThat(e.uri().getScheme()).isEqualTo("https");
      for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
        TestClient c = new TestClient(e.uri(), client(pki.clientContext("test-ca", null), protocol));
        HttpResponse<String> r = c.post("/filter", filterBody());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo(protocol));
        assertThat(TestClient.json(r).get("NodeNames").get(0).asText()).isEqualTo(FakeCore.name(1));
      }
    }
  }

  @Test
  void https_acceptsAPkcs1RsaKey() throws Exception {
    try (Extender e = start(pki.file("server.crt"), pki.file("server.rsa.key"), null)) {
      TestClient c = new TestClient(e.uri(), client(pki.clientContext("test-ca", null)));
      assertThat(c.get("/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void mutualTls_refusesAClientWithoutACertificate_andOneFromAnotherCa_andServesOneFromTheCa() throws Exception {
    try (Extender e = start(pki.file("server.crt"), pki.file("server.key"), pki.file("test-ca.crt"))) {
      TestClient anonymous = new TestClient(e.uri(), client(pki.clientContext("test-ca", null)));
      assertThatThrownBy(() -> anonymous.get("/healthz")).isInstanceOf(IOException.class);
      TestClient stranger = new TestClient(e.uri(), client(pki.clientContext("test-ca", "stranger")));
      assertThatThrownBy(() -> stranger.get("/healthz")).isInstanceOf(IOException.class);
      TestClient trusted = new TestClient(e.uri(), client(pki.clientContext("test-ca", "client")));
      assertThat(trusted.post("/filter", filterBody()).statusCode()).isEqualTo(200);
      // refusals did not hurt the server
      assertThat(trusted.get("/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void aKeyThatIsNotTheCertificates_isRefusedNamingBothFiles() {
    assertThatThrownBy(() -> start(pki.file("server.crt"), pki.file("client.key"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("client.key").hasMessageContaining("server.crt")
        .hasMessageContaining("does not belong");
  }

  @Test
  void unsupportedOrBrokenPemFiles_sayHowToFixThem() throws Exception {
    Path sec1 = dir.resolve("ec.key");
    Files.writeString(sec1, TestPki.pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> PemTls.privateKey(sec1)).hasMessageContaining("openssl pkcs8 -topk8");
    Path encrypted = dir.resolve("enc.key");
    Files.writeString(encrypted, TestPki.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> PemTls.privateKey(encrypted)).hasMessageContaining("encrypted");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(garbage, "hello");
    assertThatThrownBy(() -> PemTls.privateKey(garbage)).hasMessageContaining("no PEM PRIVATE KEY");
    assertThatThrownBy(() -> PemTls.certificates(garbage)).hasMessageContaining("garbage.pem");
    Path corrupt = dir.resolve("corrupt.key");
    Files.writeString(corrupt, TestPki.pem("PRIVATE KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x00}));
    assertThatThrownBy(() -> PemTls.privateKey(corrupt)).hasMessageContaining("corrupt");
  }
}
