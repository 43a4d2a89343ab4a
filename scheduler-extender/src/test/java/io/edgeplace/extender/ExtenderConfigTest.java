package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.engine.PluginThresholds;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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
      "'weights: {architecture: 18446744073709551621}'|weights.architecture is the number 18446744073709551621",
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

  @Test
  void everyThresholdKey_isRead() {
    PluginThresholds t = parse("""
        thresholds:
          unit-connectivity:
            staleAfter: 90s
            evictionAfter: 10m
          image-pull-cost:
            defaultImageSize: 512Mi
            unlimitedUplink: 100M
          traffic-locality:
            sameUnitCost: 2
            sameRegionCost: 20
            acrossWanCost: 400
          architecture:
            crossArchitectureCompatibility: true
            compatibleScore: 70
          unit-spread:
            capacity: nodes
        """).thresholds();
    assertThat(t.unitHealth().staleAfter()).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.unitHealth().evictionAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.defaultImageBytes()).isEqualTo(512L << 20);
    assertThat(t.unlimitedUplinkBitsPerSecond()).isEqualTo(100_000_000L);
    assertThat(t.trafficCosts()).isEqualTo(new TrafficLocalityPlugin.CostModel(2, 20, 400));
    assertThat(t.crossArchitectureCompatibility()).isTrue();
    assertThat(t.compatibleScore()).isEqualTo(70);
    assertThat(t.spreadCapacity()).isEqualTo(UnitSpreadPlugin.Capacity.NODES);
    assertThat(ThresholdKeys.KEYS.values().stream().mapToInt(List::size).sum())
        .as("every key in ThresholdKeys.KEYS is read above").isEqualTo(10);
  }

  @Test
  void noThresholds_orAnEmptySection_meanTheDefaults() {
    assertThat(parse("weights: {architecture: 3}").thresholds()).isEqualTo(PluginThresholds.DEFAULTS);
    assertThat(parse("thresholds: {}").thresholds()).isEqualTo(PluginThresholds.DEFAULTS);
    assertThat(parse("thresholds: {unit-spread: {}}").thresholds()).isEqualTo(PluginThresholds.DEFAULTS);
    // a plugin whose keys are all commented out
    assertThat(parse("thresholds:\n  unit-connectivity:\n    # staleAfter: 6m\n").thresholds())
        .isEqualTo(PluginThresholds.DEFAULTS);
  }

  static Stream<Arguments> acceptedThresholds() {
    return Stream.of(
        accepted("unit-connectivity: {staleAfter: 2m}", t -> t.unitHealth().staleAfter(), Duration.ofMinutes(2)),
        accepted("unit-connectivity: {staleAfter: 1s}", t -> t.unitHealth().staleAfter(), Duration.ofSeconds(1)),
        accepted("unit-connectivity: {staleAfter: 5m}", t -> t.unitHealth().evictionAfter(), Duration.ofMinutes(5)),
        accepted("unit-connectivity: {evictionAfter: 24h}", t -> t.unitHealth().evictionAfter(), Duration.ofHours(24)),
        accepted("unit-connectivity: {evictionAfter: 50s}", t -> t.unitHealth().evictionAfter(), Duration.ofSeconds(50)),
        accepted("image-pull-cost: {defaultImageSize: 1Gi}", PluginThresholds::defaultImageBytes, 1L << 30),
        accepted("image-pull-cost: {defaultImageSize: 500M}", PluginThresholds::defaultImageBytes, 500_000_000L),
        accepted("image-pull-cost: {defaultImageSize: 1048576}", PluginThresholds::defaultImageBytes, 1L << 20),
        accepted("image-pull-cost: {unlimitedUplink: 10M}", PluginThresholds::unlimitedUplinkBitsPerSecond, 10_000_000L),
        accepted("image-pull-cost: {unlimitedUplink: 2.5G}", PluginThresholds::unlimitedUplinkBitsPerSecond,
            2_500_000_000L),
        accepted("traffic-locality: {sameUnitCost: 0}", t -> t.trafficCosts().sameUnit(), 0L),
        accepted("traffic-locality: {sameRegionCost: 1}", t -> t.trafficCosts().sameRegion(), 1L),
        accepted("traffic-locality: {acrossWanCost: 1000}", t -> t.trafficCosts().acrossWan(), 1_000L),
        accepted("architecture: {crossArchitectureCompatibility: true}",
            PluginThresholds::crossArchitectureCompatibility, true),
        accepted("architecture: {crossArchitectureCompatibility: true, compatibleScore: 0}", PluginThresholds::compatibleScore, 0),
        accepted("architecture: {crossArchitectureCompatibility: true, compatibleScore: 100}", PluginThresholds::compatibleScore, 100),
        accepted("unit-spread: {capacity: NODES}", PluginThresholds::spreadCapacity, UnitSpreadPlugin.Capacity.NODES),
        accepted("unit-spread: {capacity: cpu}", PluginThresholds::spreadCapacity, UnitSpreadPlugin.Capacity.CPU));
  }

  private static Arguments accepted(String section, Function<PluginThresholds, Object> read, Object expected) {
    return Arguments.of(section, read, expected);
  }

  @ParameterizedTest(name = "thresholds: {0}")
  @MethodSource("acceptedThresholds")
  void thresholdValues_areAccepted(String section, Function<PluginThresholds, Object> read, Object expected) {
    assertThat(read.apply(parse("thresholds: {" + section + "}").thresholds())).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "thresholds: [1]|thresholds is a list; expected a mapping of plugin name",
      "'thresholds: {warp-drive: {speed: 9}}'|thresholds.warp-drive: unknown plugin \"warp-drive\"",
      "'thresholds: {uplink-bandwidth: {}}'|thresholds.uplink-bandwidth: unknown plugin",
      "'thresholds: {unit-connectivity: 50s}'|thresholds.unit-connectivity is the string \"50s\"; expected a mapping",
      "'thresholds: {unit-connectivity: {staleAftr: 50s}}'|thresholds.unit-connectivity.staleAftr: unknown key",
      "'thresholds: {unit-connectivity: {staleAfter: 50}}'|thresholds.unit-connectivity.staleAfter is the number 50;",
      "'thresholds: {unit-connectivity: {staleAfter: -5s}}'|thresholds.unit-connectivity.staleAfter is the string \"-5s\"",
      "'thresholds: {unit-connectivity: {staleAfter: 0s}}'|staleAfter is the string \"0s\"; expected a duration between 1s and 24h",
      "'thresholds: {unit-connectivity: {staleAfter: 25h}}'|staleAfter is the string \"25h\"; expected a duration between 1s and 24h",
      "'thresholds: {unit-connectivity: {staleAfter: 10m}}'|evictionAfter 5m (the default) is shorter than thresholds.unit-connectivity.staleAfter 10m",
      "'thresholds: {unit-connectivity: {staleAfter: 2m, evictionAfter: 1m}}'|evictionAfter 1m is shorter than",
      "'thresholds: {unit-connectivity: {evictionAfter: 30s}}'|evictionAfter 30s is shorter than thresholds.unit-connectivity.staleAfter 50s (the default)",
      "'thresholds: {unit-connectivity: {evictionAfter: [5m]}}'|thresholds.unit-connectivity.evictionAfter is a list",
      "'thresholds: {image-pull-cost: {defaultImageSize: big}}'|thresholds.image-pull-cost.defaultImageSize is the string \"big\"; expected a size in bytes",
      "'thresholds: {image-pull-cost: {defaultImageSize: -1Gi}}'|defaultImageSize is the string \"-1Gi\"",
      "'thresholds: {image-pull-cost: {defaultImageSize: 0}}'|defaultImageSize is the number 0",
      "'thresholds: {image-pull-cost: {defaultImageSize: 2Ti}}'|defaultImageSize is the string \"2Ti\"; expected a size in bytes such as 200Mi, 1Gi or 500M (a Kubernetes quantity), at most 1Ti",
      "'thresholds: {image-pull-cost: {defaultImageSize: 1.5}}'|defaultImageSize is the number 1.5",
      "'thresholds: {image-pull-cost: {unlimitedUplink: fast}}'|thresholds.image-pull-cost.unlimitedUplink is the string \"fast\"; expected a bandwidth in bits/s",
      "'thresholds: {image-pull-cost: {unlimitedUplink: -10M}}'|unlimitedUplink is the string \"-10M\"",
      "'thresholds: {image-pull-cost: {unlimitedUplink: 2T}}'|unlimitedUplink is the string \"2T\"",
      "'thresholds: {image-pull-cost: {unlimitedUplink: true}}'|unlimitedUplink is the boolean true",
      "'thresholds: {image-pull-cost: {unlimitedUplink: 500m}}'|unlimitedUplink is the string \"500m\"; expected a bandwidth in bits/s such as 1G, 100M or 500k (a Kubernetes quantity), at most 1T; it is below 1 (a lowercase m means milli",
      "'thresholds: {image-pull-cost: {defaultImageSize: \"0.5\"}}'|defaultImageSize is the string \"0.5\"; expected a size in bytes such as 200Mi, 1Gi or 500M (a Kubernetes quantity), at most 1Ti; it is below 1",
      "'thresholds: {architecture: {compatibleScore: 90}}'|thresholds.architecture.compatibleScore (90) is set, but thresholds.architecture.crossArchitectureCompatibility is not true",
      "'thresholds: {architecture: {compatibleScore: 90, crossArchitectureCompatibility: false}}'|compatibleScore (90) is set, but",
      "'thresholds: {traffic-locality: {sameUnitCost: -1}}'|thresholds.traffic-locality.sameUnitCost is the number -1; expected a whole number in [0, 1000]",
      "'thresholds: {traffic-locality: {sameRegionCost: 1.5}}'|thresholds.traffic-locality.sameRegionCost is the number 1.5",
      "'thresholds: {traffic-locality: {acrossWanCost: 1001}}'|thresholds.traffic-locality.acrossWanCost is the number 1001",
      "'thresholds: {traffic-locality: {acrossWanCost: \"100\"}}'|acrossWanCost is the string \"100\"",
      "'thresholds: {traffic-locality: {sameRegionCost: 500}}'|thresholds.traffic-locality.sameUnitCost 1, sameRegionCost 500 and acrossWanCost 100 (defaults for those not set: 1, 10, 100) do not grow with distance",
      "'thresholds: {traffic-locality: {sameUnitCost: 20}}'|sameUnitCost 20, sameRegionCost 10 and acrossWanCost 100",
      "'thresholds: {architecture: {crossArchitectureCompatibility: yes please}}'|thresholds.architecture.crossArchitectureCompatibility is the string \"yes please\"; expected true or false",
      "'thresholds: {architecture: {compatibleScore: 101}}'|thresholds.architecture.compatibleScore is the number 101; expected a whole number in [0, 100]",
      "'thresholds: {architecture: {compatibleScore: -1}}'|compatibleScore is the number -1",
      "'thresholds: {unit-spread: {capacity: memory}}'|thresholds.unit-spread.capacity is the string \"memory\"; expected cpu or nodes",
      "'thresholds: {unit-spread: {capacity: 1}}'|thresholds.unit-spread.capacity is the number 1",
      "'thresholds: {unit-spread: {capacity: cpu}}\ndisabledPlugins: [unit-spread]'|plugin \"unit-spread\" has thresholds (thresholds.unit-spread) and is listed in disabledPlugins"})
  void thresholdMistakes_areOneLineErrorsNamingTheKeyPathAndValue(String yaml, String says) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("config test.yaml: ").hasMessageContaining(says)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void thresholds_reachTheEngine() {
    Options o = new Options(new java.net.InetSocketAddress("127.0.0.1", 0), Options.Source.DEMO, null, null, null,
        null, null, null, null, 1 << 20, false, false);
    java.time.Instant now = java.time.Instant.parse("2026-01-01T00:00:00Z");
    io.edgeplace.api.ClusterSnapshot s = io.edgeplace.api.ClusterSnapshot.builder().time(now)
        .node(io.edgeplace.api.Node.builder("n1", "hill").lastHeartbeat(now.minusSeconds(120)).build()).build();
    java.util.function.Function<ExtenderConfig, io.edgeplace.api.NodeVerdict> verdict = c -> CoreParts.engine(
            ExtenderPlugins.builder(ImagePlatformResolver.NONE,
                BandwidthReservations.create(java.time.InstantSource.system()), c.thresholds()), o, c)
        .explain(s, io.edgeplace.api.Workload.builder("default", "web").build()).verdict("n1").orElseThrow();

    io.edgeplace.api.NodeVerdict byDefault = verdict.apply(parse(""));
    assertThat(byDefault.feasible()).as("a unit quiet for 2 minutes, by default: " + byDefault).isFalse();
    io.edgeplace.api.NodeVerdict patient =
        verdict.apply(parse("thresholds: {unit-connectivity: {staleAfter: 3m, evictionAfter: 9m}}"));
    assertThat(patient.feasible()).as(patient.toString()).isTrue();
  }
}
