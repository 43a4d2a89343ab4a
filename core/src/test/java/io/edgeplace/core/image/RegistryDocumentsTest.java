package io.edgeplace.core.image;

import static io.edgeplace.core.image.TestDocuments.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.Platform;
import io.edgeplace.core.image.RegistryDocuments.ImageManifest;
import io.edgeplace.core.image.RegistryDocuments.Index;
import io.edgeplace.core.image.RegistryException.Kind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RegistryDocumentsTest {

  private static final String WHAT = "manifest of 127.0.0.1:5000/acme/app:1.0";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void parseManifest_readsThePlatformsOfAnOciIndexAndSkipsTheAttestation() {
    Index index = (Index) RegistryDocuments.parseManifest(TestDocuments.multiArchIndex(), null, WHAT);

    assertThat(index.mediaType()).isEqualTo(RegistryDocuments.OCI_INDEX);
    assertThat(index.platforms()).containsExactly(Platform.LINUX_AMD64, Platform.LINUX_ARM_V6, Platform.LINUX_ARM_V7,
        Platform.LINUX_ARM64);
    assertThat(index.attestations()).isEqualTo(1);
    assertThat(index.withoutPlatform()).isZero();
  }

  @Test
  void parseManifest_readsADockerManifestListIncludingWindows() {
    Index index = (Index) RegistryDocuments.parseManifest(TestDocuments.dockerManifestList(),
        RegistryDocuments.DOCKER_MANIFEST_LIST, WHAT);

    assertThat(index.platforms()).extracting(Platform::toString).containsExactly("linux/amd64", "linux/arm/v6",
        "linux/arm/v7", "linux/arm64/v8", "linux/386", "linux/ppc64le", "windows/amd64");
  }

  @Test
  void parseManifest_readsASingleManifestsConfigDigest() {
    byte[] config = TestDocuments.armV7Config();
    ImageManifest manifest = (ImageManifest) RegistryDocuments.parseManifest(TestDocuments.dockerManifestFor(config),
        RegistryDocuments.DOCKER_MANIFEST, WHAT);

    assertThat(manifest.configDigest()).isEqualTo(LoopbackRegistry.digest(config));
    assertThat(manifest.mediaType()).isEqualTo(RegistryDocuments.DOCKER_MANIFEST);
  }

  @Test
  void parseManifest_tellsIndexAndManifestApartByShapeWhenNoMediaTypeIsGiven() {
    byte[] index = utf8("{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"" + DIGEST
        + "\",\"platform\":{\"os\":\"linux\",\"architecture\":\"arm\"}}]}");
    byte[] manifest = utf8("{\"schemaVersion\":2,\"config\":{\"digest\":\"" + DIGEST + "\"}}");

    assertThat(((Index) RegistryDocuments.parseManifest(index, "application/json", WHAT)).platforms())
        .containsExactly(Platform.LINUX_ARM_V7);
    assertThat(((ImageManifest) RegistryDocuments.parseManifest(manifest, null, WHAT)).configDigest()).isEqualTo(DIGEST);
  }

  @Test
  void parseManifest_skipsEntriesAnnotatedAsAttestationsWhateverTheirPlatform() {
    byte[] index = utf8("{\"schemaVersion\":2,\"manifests\":["
        + "{\"platform\":{\"os\":\"linux\",\"architecture\":\"amd64\"}},"
        + "{\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"},"
        + "\"platform\":{\"os\":\"linux\",\"architecture\":\"s390x\"}},"
        + "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}]}");

    Index parsed = (Index) RegistryDocuments.parseManifest(index, null, WHAT);

    assertThat(parsed.platforms()).containsExactly(Platform.LINUX_AMD64);
    assertThat(parsed.attestations()).isEqualTo(1);
    assertThat(parsed.withoutPlatform()).isEqualTo(1);
  }

  @Test
  void parseConfig_readsArchitectureOsAndVariant() {
    assertThat(RegistryDocuments.parseConfig(TestDocuments.armV7Config(), "config")).isEqualTo(Platform.LINUX_ARM_V7);
    assertThat(RegistryDocuments.parseConfig(utf8("{\"architecture\":\"aarch64\",\"os\":\"linux\"}"), "config"))
        .isEqualTo(Platform.LINUX_ARM64);
  }

  static Stream<Arguments> badManifests() {
    return Stream.of(
        Arguments.of("not JSON at all", "<html>502 Bad Gateway</html>", Kind.MALFORMED_DOCUMENT, "is not valid JSON"),
        Arguments.of("truncated JSON", "{\"schemaVersion\":2,\"manifests\":[", Kind.MALFORMED_DOCUMENT, "is not valid JSON"),
        Arguments.of("empty body", "", Kind.MALFORMED_DOCUMENT, "is empty; expected a JSON object"),
        Arguments.of("an array", "[1,2]", Kind.MALFORMED_DOCUMENT, "is an array; expected a JSON object"),
        Arguments.of("trailing garbage", "{\"schemaVersion\":2,\"manifests\":[]} {}", Kind.MALFORMED_DOCUMENT,
            "is not valid JSON"),
        Arguments.of("a duplicate key", "{\"schemaVersion\":2,\"schemaVersion\":2}", Kind.MALFORMED_DOCUMENT,
            "Duplicate field 'schemaVersion'"),
        Arguments.of("no schemaVersion", "{\"manifests\":[]}", Kind.MALFORMED_DOCUMENT,
            "field \"schemaVersion\" is missing"),
        Arguments.of("schemaVersion as a string", "{\"schemaVersion\":\"2\"}", Kind.MALFORMED_DOCUMENT,
            "field \"schemaVersion\" is the string \"2\"; expected 2"),
        Arguments.of("schema 1", "{\"schemaVersion\":1,\"name\":\"x\",\"fsLayers\":[]}", Kind.UNSUPPORTED_DOCUMENT,
            "Docker schema 1 manifest"),
        Arguments.of("manifests not an array", "{\"schemaVersion\":2,\"mediaType\":\"" + RegistryDocuments.OCI_INDEX
            + "\",\"manifests\":{}}", Kind.MALFORMED_DOCUMENT, "field \"manifests\" is an object; expected an array"),
        Arguments.of("an entry that is a number", "{\"schemaVersion\":2,\"manifests\":[7]}", Kind.MALFORMED_DOCUMENT,
            "field \"manifests[0]\" is a number \"7\"; expected an object"),
        Arguments.of("architecture missing", "{\"schemaVersion\":2,\"manifests\":[{\"platform\":{\"os\":\"linux\"}}]}",
            Kind.MALFORMED_DOCUMENT, "field \"manifests[0].platform.architecture\" is missing"),
        Arguments.of("architecture a number", "{\"schemaVersion\":2,\"manifests\":[{\"platform\":"
            + "{\"os\":\"linux\",\"architecture\":64}}]}", Kind.MALFORMED_DOCUMENT,
            "field \"manifests[0].platform.architecture\" is a number \"64\"; expected a string"),
        Arguments.of("architecture with a slash", "{\"schemaVersion\":2,\"manifests\":[{\"platform\":"
            + "{\"os\":\"linux\",\"architecture\":\"arm/v7\"}}]}", Kind.MALFORMED_DOCUMENT,
            "field \"manifests[0].platform.architecture\" is \"arm/v7\"; expected 1 to 64 letters"),
        Arguments.of("an empty os", "{\"schemaVersion\":2,\"manifests\":[{\"platform\":"
            + "{\"os\":\"\",\"architecture\":\"amd64\"}}]}", Kind.MALFORMED_DOCUMENT,
            "field \"manifests[0].platform.os\" is \"\""),
        Arguments.of("annotations an array", "{\"schemaVersion\":2,\"manifests\":[{\"annotations\":[],\"platform\":"
            + "{\"os\":\"linux\",\"architecture\":\"amd64\"}}]}", Kind.MALFORMED_DOCUMENT,
            "field \"manifests[0].annotations\" is an array; expected an object"),
        Arguments.of("only attestations", "{\"schemaVersion\":2,\"manifests\":[{\"platform\":"
            + "{\"os\":\"unknown\",\"architecture\":\"unknown\"}}]}", Kind.UNSUPPORTED_DOCUMENT,
            "names no runnable platform"),
        Arguments.of("config missing in a manifest", "{\"schemaVersion\":2,\"mediaType\":\""
            + RegistryDocuments.OCI_MANIFEST + "\"}", Kind.MALFORMED_DOCUMENT, "field \"config\" is missing"),
        Arguments.of("config digest malformed", "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:xyz\"}}",
            Kind.MALFORMED_DOCUMENT, "field \"config.digest\" is \"sha256:xyz\"; expected a digest"),
        Arguments.of("a helm chart", new String(TestDocuments.helmChartManifest()), Kind.UNSUPPORTED_DOCUMENT,
            "is not a container image: its config has media type \"application/vnd.cncf.helm.config.v1+json\""),
        Arguments.of("neither index nor manifest", "{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}",
            Kind.UNSUPPORTED_DOCUMENT, "neither a \"manifests\" list"),
        Arguments.of("too deep", "{\"schemaVersion\":2,\"x\":" + "[".repeat(100) + "]".repeat(100) + "}",
            Kind.MALFORMED_DOCUMENT, "is not valid JSON"),
        Arguments.of("a huge number", "{\"schemaVersion\":" + "9".repeat(200) + "}", Kind.MALFORMED_DOCUMENT,
            "is not valid JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badManifests")
  void parseManifest_rejectsBadDocumentsWithAMessageNamingTheField(String description, String body, Kind kind,
      String problem) {
    assertThatThrownBy(() -> RegistryDocuments.parseManifest(utf8(body), null, WHAT))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.kind()).isEqualTo(kind))
        .hasMessageStartingWith(WHAT)
        .hasMessageContaining(problem);
  }

  @Test
  void parseConfig_rejectsAConfigWithoutArchitecture() {
    assertThatThrownBy(() -> RegistryDocuments.parseConfig(utf8("{\"os\":\"linux\",\"rootfs\":{}}"), "config blob x"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("config blob x field \"architecture\" is missing");
    assertThatThrownBy(() -> RegistryDocuments.parseConfig(utf8("{\"os\":\"linux\",\"architecture\":\"arm\","
        + "\"variant\":[\"v7\"]}"), "config blob x"))
        .hasMessage("config blob x field \"variant\" is an array; expected a string");
  }

  @Test
  void parseToken_acceptsTokenOrAccessTokenAndRefusesHeaderInjection() {
    assertThat(RegistryDocuments.parseToken(utf8("{\"token\":\"abc\",\"expires_in\":300}"), "t").value()).isEqualTo("abc");
    assertThat(RegistryDocuments.parseToken(utf8("{\"access_token\":\"xyz\"}"), "t").expiresInSeconds()).isEqualTo(60);
    assertThat(RegistryDocuments.parseToken(utf8("{\"token\":\"abc\"}"), "t")).hasToString(
        "Token[value=<redacted>, expiresInSeconds=60]");
    assertThatThrownBy(() -> RegistryDocuments.parseToken(utf8("{\"token\":\"a\\r\\nX-Evil: 1\"}"), "t"))
        .hasMessageContaining("cannot be sent in an HTTP header")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("X-Evil"));
    assertThatThrownBy(() -> RegistryDocuments.parseToken(utf8("{}"), "t"))
        .hasMessageContaining("\"token\" and \"access_token\" are both missing");
  }

  @Test
  void describeErrorBody_showsTheRegistryErrorCodeOrNothing() {
    assertThat(RegistryDocuments.describeErrorBody(utf8("{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\","
        + "\"message\":\"manifest unknown\"}]}"))).isEqualTo(" (\"MANIFEST_UNKNOWN\": \"manifest unknown\")");
    assertThat(RegistryDocuments.describeErrorBody(utf8("<html>oops</html>"))).isEmpty();
    assertThat(RegistryDocuments.describeErrorBody(new byte[0])).isEmpty();
  }

  @Test
  void parseDockerConfig_readsAuthOrUsernameAndPasswordAndNeverShowsThem() {
    String json = "{\"auths\":{"
        + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hub-s3cret") + "\"},"
        + "\"ghcr.io\":{\"username\":\"gh\",\"password\":\"gh-s3cret\"},"
        + "\"helper.example\":{\"identitytoken\":\"opaque\"}}}";

    RegistryCredentials credentials = RegistryCredentials.fromDockerConfigJson(json);

    assertThat(credentials.forRegistry("docker.io")).hasValueSatisfying(e -> {
      assertThat(e.username()).isEqualTo("hubuser");
      assertThat(e.password()).isEqualTo("hub-s3cret");
    });
    assertThat(credentials.forRegistry("ghcr.io").map(RegistryCredentials.Entry::basicHeader))
        .contains("Basic " + b64("gh:gh-s3cret"));
    assertThat(credentials.has("helper.example")).isFalse();
    assertThat(credentials.toString()).isEqualTo("RegistryCredentials[registries=[docker.io, ghcr.io]]");
    assertThat(credentials.forRegistry("ghcr.io").orElseThrow().toString()).doesNotContain("gh-s3cret").doesNotContain("gh,");
  }

  @Test
  void parseDockerConfig_readsTheLegacyDockercfgLayout() {
    RegistryCredentials credentials = RegistryCredentials.fromDockerConfigJson(
        "{\"registry.local:5000\":{\"auth\":\"" + b64("u:p") + "\",\"email\":\"x@example.org\"}}");

    assertThat(credentials.has("registry.local:5000")).isTrue();
  }

  static Stream<Arguments> badDockerConfigs() {
    return Stream.of(
        Arguments.of("{\"auths\":{\"r\":{\"auth\":\"not base64 s3cret!\"}}}", "auths[\"r\"].auth\" is not valid base64"),
        Arguments.of("{\"auths\":{\"r\":{\"auth\":\"" + b64("nocolons3cret") + "\"}}}", "does not decode to"),
        Arguments.of("{\"auths\":{\"r\":{\"password\":42}}}", "auths[\"r\"].password\" is a number; expected a string"),
        Arguments.of("{\"auths\":[]}", "field \"auths\" is an array"),
        Arguments.of("{\"auths\":{\"r\":\"s3cret\"}}", "is a string; expected an object"),
        Arguments.of("{\"auths\":{\"r\":{\"auth\":\"s3cret", "is not valid JSON (at line 1"),
        Arguments.of("[\"s3cret\"]", "is not a JSON object"));
  }

  @ParameterizedTest
  @MethodSource("badDockerConfigs")
  void parseDockerConfig_rejectsBadFilesWithoutShowingSecrets(String json, String problem) {
    assertThatThrownBy(() -> RegistryCredentials.fromDockerConfigJson(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("nocolon"));
  }

  @Test
  void authChallenge_parsesBearerParametersAndSeveralChallenges() {
    List<AuthChallenge> c = AuthChallenge.parse("Bearer realm=\"https://auth.docker.io/token\","
        + "service=\"registry.docker.io\",scope=\"repository:samalba/my-app:pull,push\"");
    assertThat(c).containsExactly(new AuthChallenge("bearer", Map.of("realm", "https://auth.docker.io/token",
        "service", "registry.docker.io", "scope", "repository:samalba/my-app:pull,push")));

    List<AuthChallenge> two = AuthChallenge.parse("Basic realm=\"Registry Realm\", Bearer realm=\"https://x/t\", "
        + "service=svc, Negotiate, Other abc==");
    assertThat(two).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer", "negotiate", "other");
    assertThat(two.get(1).params()).isEqualTo(Map.of("realm", "https://x/t", "service", "svc"));

    assertThat(AuthChallenge.parse("Bearer realm=\"a\\\"b\"").get(0).param("realm")).isEqualTo("a\"b");
    assertThat(AuthChallenge.parse("Bearer realm=\"never closes").get(0).params()).isEmpty();
    assertThat(AuthChallenge.parse("")).isEmpty();
  }

  private static String b64(String s) {
    return java.util.Base64.getEncoder().encodeToString(utf8(s));
  }
}
