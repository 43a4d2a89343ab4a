package io.edgeplace.core.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  private static final String HEX = "6b9c3b0e4a1d2f5e8c7b6a5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f";

  static Stream<Arguments> valid() {
    return Stream.of(
        // text, registry, repository, tag, digest, canonical
        Arguments.of("a bare name is a Docker Hub official image with tag latest",
            "nginx", "docker.io", "library/nginx", "latest", null),
        Arguments.of("a tag is kept", "nginx:1.27", "docker.io", "library/nginx", "1.27", null),
        Arguments.of("a user repository on Docker Hub gets no library/ prefix",
            "user/app", "docker.io", "user/app", "latest", null),
        Arguments.of("docker.io written out still gets library/", "docker.io/nginx", "docker.io", "library/nginx", "latest", null),
        Arguments.of("the legacy index.docker.io is docker.io", "index.docker.io/user/app:v1", "docker.io", "user/app", "v1", null),
        Arguments.of("a registry with a dot", "ghcr.io/acme/app:1.2", "ghcr.io", "acme/app", "1.2", null),
        Arguments.of("localhost is a registry without port", "localhost/foo", "localhost", "foo", "latest", null),
        Arguments.of("localhost with a port", "localhost:5000/x", "localhost:5000", "x", "latest", null),
        Arguments.of("localhost:5000 alone is an image named localhost with tag 5000",
            "localhost:5000", "docker.io", "library/localhost", "5000", null),
        Arguments.of("an IPv4 registry with port and deep path", "127.0.0.1:5000/a/b/c:tag", "127.0.0.1:5000", "a/b/c", "tag", null),
        Arguments.of("an IPv6 registry with port", "[::1]:5000/x:1", "[::1]:5000", "x", "1", null),
        Arguments.of("an IPv6 registry without port", "[2001:db8::1]/app", "[2001:db8::1]", "app", "latest", null),
        Arguments.of("an upper-case first component is a registry", "Foo/bar", "Foo", "bar", "latest", null),
        Arguments.of("a digest alone has no tag", "nginx@sha256:" + HEX, "docker.io", "library/nginx", null, "sha256:" + HEX),
        Arguments.of("tag and digest are both kept", "nginx:1.27@sha256:" + HEX, "docker.io", "library/nginx", "1.27",
            "sha256:" + HEX),
        Arguments.of("separators '.', '_', '__' and runs of '-'", "x/a.b_c__d-e---f/g.h", "docker.io", "x/a.b_c__d-e---f/g.h",
            "latest", null),
        Arguments.of("a registry with port 443 and a semver tag", "registry.example.com:443/deep/path/name:v1.0-rc.1",
            "registry.example.com:443", "deep/path/name", "v1.0-rc.1", null),
        Arguments.of("a sha512 digest", "quay.io/x/y@sha512:" + HEX + HEX, "quay.io", "x/y", null, "sha512:" + HEX + HEX),
        Arguments.of("a tag with upper case and underscore", "app:Release_2", "docker.io", "library/app", "Release_2", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void parse_normalizesAsContainerRuntimesDo(String description, String text, String registry, String repository,
      String tag, String digest) {
    ImageReference ref = ImageReference.parse(text);

    assertThat(ref.registry()).isEqualTo(registry);
    assertThat(ref.repository()).isEqualTo(repository);
    assertThat(ref.tag()).isEqualTo(tag);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.pinned()).isEqualTo(digest != null);
    assertThat(ref.manifestReference()).isEqualTo(digest != null ? digest : tag);
    String expected = registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    assertThat(ref).hasToString(expected);
    assertThat(ImageReference.parse(ref.toString())).isEqualTo(ref);
  }

  @Test
  void parse_servesDockerHubFromItsApiHost() {
    assertThat(ImageReference.parse("nginx").apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(ImageReference.parse("ghcr.io/acme/app").apiHost()).isEqualTo("ghcr.io");
    assertThat(ImageReference.parse("localhost:5000/x").apiHost()).isEqualTo("localhost:5000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost/x", "localhost:5000/x", "LOCALHOST:5000/x", "127.0.0.1:5000/x", "127.1.2.3/x",
      "[::1]:5000/x", "[0:0:0:0:0:0:0:1]/x"})
  void loopbackRegistry_isLocalhostOr127Or6Loopback(String text) {
    assertThat(ImageReference.parse(text).loopbackRegistry()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nginx", "ghcr.io/x", "128.0.0.1:5000/x", "10.0.0.1/x", "[::2]:5000/x", "localhost.example/x",
      "127.0.0.1.example/x"})
  void loopbackRegistry_isFalseForOtherHosts(String text) {
    assertThat(ImageReference.parse(text).loopbackRegistry()).isFalse();
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("", "is empty"),
        Arguments.of("NGINX", "must be lower case"),
        Arguments.of("docker.io/Library/nginx", "must be lower case; maybe \"library/nginx\""),
        Arguments.of("nginx:", "tag is empty"),
        Arguments.of("nginx:-bad", "tag \"-bad\" has '-' at position 0"),
        Arguments.of("nginx:" + "a".repeat(129), "more than 128"),
        Arguments.of("nginx@sha256:abc", "has 3 hex digits, expected 64"),
        Arguments.of("nginx@sha256:" + HEX.toUpperCase(Locale.ROOT), "lower-case hex"),
        Arguments.of("nginx@md5:" + HEX, "digest algorithm \"md5\" is not supported"),
        Arguments.of("nginx@" + HEX, "not of the form algorithm:hex"),
        Arguments.of("nginx@sha256:" + HEX + "@sha256:" + HEX, "has '@' at position 64"),
        Arguments.of("a//b", "empty component"),
        Arguments.of("ghcr.io/", "names a registry but no repository"),
        Arguments.of("host:99999/x", "invalid port \"99999\""),
        Arguments.of("host:0/x", "invalid port \"0\""),
        Arguments.of("[::1/x", "never closes"),
        Arguments.of("[:::zz]:5000/x", "invalid IPv6 address"),
        Arguments.of("-host.com/x", "is not a valid host name"),
        Arguments.of("ho_st.com/x", "has '_'"),
        Arguments.of("a___b", "separator sequence \"__\""),
        Arguments.of("a..b", "separator sequence \"..\""),
        Arguments.of("_a", "starts or ends with a separator"),
        Arguments.of("a-", "starts or ends with a separator"),
        Arguments.of("ghcr.io/acme/app:1.2 ", "tag \"1.2 \" has the character U+0020"),
        Arguments.of("app\nx", "has the character U+000A"),
        Arguments.of(HEX, "cannot be 64 hexadecimal digits"),
        Arguments.of("registry.example/" + "a".repeat(250), "longer than 255 characters"),
        Arguments.of("x".repeat(700), "more than any valid reference"));
  }

  @ParameterizedTest(name = "\"{0}\": {1}")
  @MethodSource("invalid")
  void parse_rejectsWithAMessageNamingTheReferenceAndTheProblem(String text, String problem) {
    assertThatThrownBy(() -> ImageReference.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("image reference " + Texts.quote(text) + " is invalid: ")
        .hasMessageContaining(problem);
  }

  @Test
  void parse_quotesControlCharactersInMessages() {
    assertThatThrownBy(() -> ImageReference.parse("evil\r\nINFO forged log line"))
        .hasMessageContaining("\\r\\n")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** Any reference that parses prints a fully qualified form that parses to itself. */
  @ParameterizedTest
  @ValueSource(longs = {1L, 2L, 3L, 42L, 20261125L})
  void parse_isIdempotentOnRandomReferences(long seed) {
    RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    String alphabet = "abcAB09.-_:/@[]";
    int parsed = 0;
    for (int i = 0; i < 5_000; i++) {
      StringBuilder s = new StringBuilder();
      int n = 1 + random.nextInt(24);
      for (int j = 0; j < n; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = s.toString();
      ImageReference ref;
      try {
        ref = ImageReference.parse(text);
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).as("seed %d, input %s", seed, text).startsWith("image reference ");
        continue;
      }
      parsed++;
      assertThat(ImageReference.parse(ref.toString())).as("seed %d, input %s", seed, text).isEqualTo(ref);
    }
    assertThat(parsed).as("seed %d: some random inputs parse", seed).isPositive();
  }
}
