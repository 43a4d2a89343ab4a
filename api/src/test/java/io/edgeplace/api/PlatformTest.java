package io.edgeplace.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PlatformTest {

  static Stream<Arguments> spellings() {
    return Stream.of(
        Arguments.of("an arm64 platform without a variant is arm64/v8", "linux/arm64", "linux/arm64/v8"),
        Arguments.of("aarch64 is another name for arm64", "linux/aarch64", "linux/arm64/v8"),
        Arguments.of("x86_64 is another name for amd64", "linux/x86_64", "linux/amd64"),
        Arguments.of("an arm platform without a variant is armhf, arm/v7", "linux/arm", "linux/arm/v7"),
        Arguments.of("armhf is arm/v7", "linux/armhf", "linux/arm/v7"),
        Arguments.of("armel is arm/v6", "linux/armel", "linux/arm/v6"),
        Arguments.of("a bare variant number gets its v", "linux/arm/6", "linux/arm/v6"),
        Arguments.of("amd64/v1 is plain amd64", "linux/amd64/v1", "linux/amd64"),
        Arguments.of("upper case is folded", "Linux/ARM64/V8", "linux/arm64/v8"),
        Arguments.of("arm/v6 keeps its variant", "linux/arm/v6", "linux/arm/v6"),
        Arguments.of("windows/amd64 stays as it is", "windows/amd64", "windows/amd64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("spellings")
  void parse_normalizesLikeContainerRuntimes(String description, String text, String expected) {
    assertThat(Platform.parse(text).toString()).isEqualTo(expected);
    assertThat(Platform.parse(text)).isEqualTo(Platform.parse(expected));
  }

  static Stream<Arguments> badPlatforms() {
    return Stream.of(
        Arguments.of("a bare architecture has no os", "arm64"),
        Arguments.of("four components are too many", "linux/arm/v7/x"),
        Arguments.of("an empty architecture is refused", "linux/"),
        Arguments.of("an empty variant is refused", "linux/arm/"),
        Arguments.of("spaces inside a component are refused", "linux/arm 64"),
        Arguments.of("the empty string is refused", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPlatforms")
  void parse_rejectsMalformedTextNamingTheValue(String description, String text) {
    assertThatThrownBy(() -> Platform.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + text + "\"");
  }
}
