package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The --config file: strict keys, typed values, and how it reaches the engine and adapters. */
class ExtenderConfigTest {

  static ExtenderConfig parse(String yaml) {
    return ExtenderConfig.parse("test.yaml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void everyKey_isRead() {
    ExtenderConfig c = parse("""
        weights:
          architecture: 7
        disabledPlugins: [unit-spread]
        unitLabels: [site, edgeplace.io/unit]
        defaultUnit: hq
        invalidValues: fail
        reservationTtl: 2m
        """);
    assertThat(c.weights()).isEqualTo(Map.of("architecture", 7));
    assertThat(c.disabledPlugins()).containsExactly("unit-spread");
    assertThat(c.unitLabels()).containsExactly("site", "edgeplace.io/unit");
    assertThat(c.defaultUnit()).isEqualTo("hq");
    assertThat(c.failOnInvalid()).isTrue();
    assertThat(c.reservationTtl()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anEmptyFile_meansDefaults() {
    assertThat(parse("")).isEqualTo(ExtenderConfig.DEFAULTS);
    assertThat(parse("# nothing\n")).isEqualTo(ExtenderConfig.DEFAULTS);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "weigths: {}|unknown key \"weigths\"",
      "weights: [1]|weights is a list",
      "'weights: {architecture: 101}'|weights.architecture is the number 101",
      "'weights: {architecture: 1.5}'|weights.architecture is the number 1.5",
      "'weights: {architecture: high}'|weights.architecture is the string \"high\"",
      "disabledPlugins: architecture|disabledPlugins is the string",
      "'disabledPlugins: [\"\"]'|disabledPlugins[0]",
      "unitLabels: []|at least one label key",
      "invalidValues: maybe|ignore or fail",
      "reservationTtl: 30|reservationTtl is the number 30",
      "reservationTtl: 30d|a duration such as 30s",
      "reservationTtl: 0s|between 1s and 24h",
      "[1, 2]|must be a mapping",
      "'a: [}'|not valid YAML",
      "'weights: {a: 1}\nweights: {b: 2}'|not valid YAML",
      "'weights: {unit-spread: 3}\ndisabledPlugins: [unit-spread]'|both weighed"})
  void mistakes_areErrorsNamingTheKeyAndValue(String yaml, String says) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config test.yaml").hasMessageContaining(says);
  }

  @Test
  void weightsAndDisabledPlugins_reachTheEngine() {
    Options o = new Options(new java.net.InetSocketAddress("127.0.0.1", 0), Options.Source.DEMO, null, null, null,
        null, null, null, null, 1 << 20, false, false);
    PlacementEngine e = CoreParts.engine(DefaultPlugins.builder(), o,
        parse("weights: {architecture: 3}\ndisabledPlugins: [unit-spread]"));
    assertThat(e.scoreWeights()).containsEntry("architecture", 3).doesNotContainKey("unit-spread");
    assertThatThrownBy(() -> CoreParts.engine(DefaultPlugins.builder(), o, parse("disabledPlugins: [warp]")))
        .hasMessageContaining("warp");
    assertThat(CoreParts.adapterConfig(o, parse("unitLabels: [site]")).unitLabels()).isEqualTo(List.of("site"));
    PlacementEngine full = CoreParts.engine(ExtenderPlugins.builder(ImagePlatformResolver.NONE,
        BandwidthReservations.create(java.time.InstantSource.system())), o, parse("weights: {uplink-bandwidth: 9}"));
    assertThat(full.scoreWeights()).containsEntry("uplink-bandwidth", 9).containsKeys("architecture", "unit-spread",
        "unit-connectivity", "traffic-locality", "image-pull-cost");
    assertThat(full.filterPlugins()).contains("sandbox-runtime", "uplink-bandwidth", "unit-connectivity");
  }
}
