package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Fuzzes the annotation parsers: the first byte picks the parser, the rest is the value. Each
 * parser returns a value or throws {@link InvalidValueException} naming that value, nothing else.
 * Seeds in {@code AnnotationsFuzzTestInputs/}.
 */
class AnnotationsFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void annotations(byte[] input) {
    if (input.length == 0) {
      return;
    }
    String value = new String(Arrays.copyOfRange(input, 1, input.length), StandardCharsets.UTF_8);
    try {
      switch ((input[0] & 0xff) % 7) {
        case 0 -> assertThat(Annotations.platforms(value)).isNotEmpty();
        case 1 -> Annotations.trafficPeers(value).forEach(p -> {
          assertThat(p.selector().matchLabels()).isNotEmpty();
          assertThat(p.bitsPerSecond()).isNotNegative();
        });
        case 2 -> Annotations.runtimeHandlers(value);
        case 3 -> assertThat(Annotations.allowedUnits(value)).isNotEmpty();
        case 4 -> assertThat(Annotations.uplinkBandwidth(value)).isPositive();
        case 5 -> assertThat(Annotations.latency(value).isNegative()).isFalse();
        default -> Annotations.networkMode(value);
      }
    } catch (InvalidValueException e) {
      assertThat(e.value()).isEqualTo(value);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
