package io.edgeplace.extender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA, server and client certificates made at test time with the JDK's {@code keytool}
 * (no openssl), and written as PEM files the way an operator would have them.
 */
final class TestPki {
  static final char[] PASS = "changeit".toCharArray();
  final Path dir;

  TestPki(Path dir) {
    this.dir = dir;
  }

  private void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(Arrays.asList(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  /** Makes CA {@code ca} (a self-signed EC key pair), exported to {@code <ca>.crt}. */
  void ca(String ca) throws IOException, InterruptedException {
    keytool("-genkeypair", "-alias", ca, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + ca,
        "-ext", "bc:c", "-validity", "3", "-keystore", ca + ".p12", "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-exportcert", "-alias", ca, "-keystore", ca + ".p12", "-storepass", "changeit", "-rfc", "-file",
        ca + ".crt");
  }

  /**
   * Makes an RSA key pair {@code name} signed by {@code ca}, for {@code eku} (serverAuth or
   * clientAuth): {@code <name>.crt} (leaf then CA), {@code <name>.key} (PKCS#8 PEM),
   * {@code <name>.rsa.key} (PKCS#1 PEM), {@code <name>.p12}.
   */
  void leaf(String name, String ca, String eku) throws IOException, InterruptedException {
    keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
        "-validity", "3", "-keystore", name + ".p12", "-storetype", "PKCS12", "-storepass", "changeit");
    keytool("-certreq", "-alias", name, "-keystore", name + ".p12", "-storepass", "changeit", "-file", name + ".csr");
    keytool("-gencert", "-alias", ca, "-keystore", ca + ".p12", "-storepass", "changeit", "-infile", name + ".csr",
        "-outfile", name + ".leaf.crt", "-rfc", "-validity", "3", "-ext", "san=ip:127.0.0.1,dns:localhost",
        "-ext", "eku=" + eku);
    Files.writeString(dir.resolve(name + ".crt"),
        Files.readString(dir.resolve(name + ".leaf.crt")) + Files.readString(dir.resolve(ca + ".crt")));
    PrivateKey key = privateKey(name);
    byte[] pkcs8 = key.getEncoded();
    Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", pkcs8));
    Files.writeString(dir.resolve(name + ".rsa.key"), pem("RSA PRIVATE KEY", innerOctets(pkcs8)));
  }

  PrivateKey privateKey(String name) throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS);
      return (PrivateKey) ks.getKey(name, PASS);
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  Path file(String name) {
    return dir.resolve(name);
  }

  /** A client context trusting {@code ca}, presenting {@code clientName}'s certificate unless null. */
  SSLContext clientContext(String ca, String clientName) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve(ca + ".crt"))) {
      Certificate c = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      trust.setCertificateEntry("ca", (X509Certificate) c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    javax.net.ssl.KeyManager[] kms = null;
    if (clientName != null) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(dir.resolve(clientName + ".p12"))) {
        ks.load(in, PASS);
      }
      // replace the self-signed entry by the CA-signed chain
      Certificate[] chain = java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(Files.newInputStream(dir.resolve(clientName + ".crt"))).toArray(new Certificate[0]);
      ks.setKeyEntry(clientName, ks.getKey(clientName, PASS), PASS, chain);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASS);
      kms = kmf.getKeyManagers();
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kms, tmf.getTrustManagers(), null);
    return ctx;
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /* PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER, SEQUENCE, OCTET STRING } -> the OCTET STRING's content. */
  static byte[] innerOctets(byte[] der) {
    int[] pos = {0};
    header(der, pos); // outer SEQUENCE
    skip(der, pos); // version
    skip(der, pos); // algorithm
    int len = header(der, pos); // OCTET STRING
    return Arrays.copyOfRange(der, pos[0], pos[0] + len);
  }

  private static int header(byte[] d, int[] pos) {
    pos[0]++; // tag
    int b = d[pos[0]++] & 0xff;
    if (b < 0x80) {
      return b;
    }
    int n = b & 0x7f;
    int len = 0;
    for (int i = 0; i < n; i++) {
      len = (len << 8) | (d[pos[0]++] & 0xff);
    }
    return len;
  }

  private static void skip(byte[] d, int[] pos) {
    int len = header(d, pos);
    pos[0] += len;
  }
}
