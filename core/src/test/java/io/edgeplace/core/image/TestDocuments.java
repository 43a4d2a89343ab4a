package io.edgeplace.core.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Real-format registry documents kept under {@code src/test/resources/io/edgeplace/core/image/}. */
public final class TestDocuments {
  private TestDocuments() {
  }

  /** An OCI index: linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64/v8 and one attestation. */
  public static byte[] multiArchIndex() {
    return resource("index-oci-multiarch.json");
  }

  /** An OCI index of linux/amd64 and linux/arm64/v8 with two attestations: no 32-bit arm. */
  public static byte[] amd64Arm64Index() {
    return resource("index-oci-amd64-arm64-only.json");
  }

  /** A Docker manifest list: amd64, arm/v6, arm/v7, arm64/v8, 386, ppc64le and windows/amd64. */
  public static byte[] dockerManifestList() {
    return resource("manifest-list-docker.json");
  }

  /** An image config blob built for linux/arm/v7. */
  public static byte[] armV7Config() {
    return resource("config-linux-arm-v7.json");
  }

  /** A Docker v2 manifest whose config is {@code config}. */
  public static byte[] dockerManifestFor(byte[] config) {
    String template = new String(resource("manifest-docker-v2.json.template"), StandardCharsets.UTF_8);
    return template.replace("${CONFIG_SIZE}", Integer.toString(config.length))
        .replace("${CONFIG_DIGEST}", LoopbackRegistry.digest(config))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** An OCI manifest of a Helm chart: not a container image. */
  public static byte[] helmChartManifest() {
    return resource("manifest-oci-helm-chart.json");
  }

  public static byte[] resource(String name) {
    try (InputStream in = Objects.requireNonNull(TestDocuments.class.getResourceAsStream(name), name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
