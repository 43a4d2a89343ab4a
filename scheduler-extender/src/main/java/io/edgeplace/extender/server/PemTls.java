package io.edgeplace.extender.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and keys read with the JDK alone, for the server's TLS.
 *
 * <p>Certificates: one or more {@code CERTIFICATE} blocks (leaf first, then the chain). Keys:
 * an unencrypted {@code PRIVATE KEY} (PKCS#8: RSA, EC or Ed25519) or {@code RSA PRIVATE KEY}
 * (PKCS#1). Anything else is refused with a message that says how to convert it. Every error
 * is an {@link IllegalArgumentException} naming the file.
 */
public final class PemTls {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
  /** The password of in-memory key stores (they never leave the process). */
  static final char[] STORE_PASSWORD = "edgeplace".toCharArray();

  private PemTls() {
  }

  /** The certificates in a PEM file, in file order. */
  public static List<X509Certificate> certificates(Path file) {
    byte[] bytes = read(file, "certificate");
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certs = new ArrayList<>();
      for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(bytes))) {
        certs.add((X509Certificate) c);
      }
      if (certs.isEmpty()) {
        throw new IllegalArgumentException("certificate file " + file + " holds no PEM CERTIFICATE block");
      }
      return certs;
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("certificate file " + file + " is not a PEM X.509 certificate: "
          + e.getMessage() + "; maybe it is DER? Convert it with: openssl x509 -in FILE -out FILE.pem", e);
    }
  }

  /** The private key in a PEM file. */
  public static PrivateKey privateKey(Path file) {
    String text = new String(read(file, "key"), StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("key file " + file + ": the " + type + " block is not valid base64", e);
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der, file);
        case "RSA PRIVATE KEY":
          return pkcs8(wrapPkcs1Rsa(der), file);
        case "EC PRIVATE KEY":
          throw new IllegalArgumentException("key file " + file + " holds a SEC1 EC PRIVATE KEY; convert it to PKCS#8 "
              + "with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException("key file " + file + " holds an encrypted key; decrypt it to PKCS#8 "
              + "with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
        default:
          // a certificate or parameters block before the key: keep looking
      }
    }
    throw new IllegalArgumentException("key file " + file + " holds no PEM PRIVATE KEY or RSA PRIVATE KEY block");
  }

  /**
   * A key store holding {@code key} with its certificate chain, after checking that the key
   * belongs to the first certificate.
   */
  public static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, Path keyFile, Path certFile) {
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException("key file " + keyFile + " does not belong to the certificate in " + certFile
          + " (subject " + chain.get(0).getSubjectX500Principal().getName() + "); maybe the files are swapped or "
          + "from different pairs?");
    }
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("edgeplace", key, STORE_PASSWORD, chain.toArray(new Certificate[0]));
      return ks;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot hold the key of " + keyFile + " in a key store: " + e.getMessage(), e);
    }
  }

  /** A trust store holding {@code cas}. */
  public static KeyStore trustStore(List<X509Certificate> cas) {
    try {
      KeyStore ts = KeyStore.getInstance("PKCS12");
      ts.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        ts.setCertificateEntry("ca-" + i, cas.get(i));
      }
      return ts;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot build a trust store: " + e.getMessage(), e);
    }
  }

  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String alg = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (alg == null) {
      return true;
    }
    try {
      byte[] probe = "edgeplace key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(alg);
      signer.initSign(key);
      signer.update(probe);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(alg);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static PrivateKey pkcs8(byte[] der, Path file) {
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("key file " + file + " holds a PKCS#8 key that is not RSA, EC or Ed25519, "
        + "or is corrupt");
  }

  /* PKCS#8 PrivateKeyInfo { version 0, AlgorithmIdentifier { rsaEncryption, NULL }, OCTET STRING pkcs1 }. */
  private static byte[] wrapPkcs1Rsa(byte[] pkcs1) {
    byte[] version = {0x02, 0x01, 0x00};
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(version);
    body.writeBytes(algorithm);
    body.writeBytes(octets);
    return tlv(0x30, body.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len <= 0xff) {
      out.write(0x81);
      out.write(len);
    } else if (len <= 0xffff) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }

  private static byte[] read(Path file, String what) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " file " + file + " cannot be read: " + e, e);
    }
  }
}
