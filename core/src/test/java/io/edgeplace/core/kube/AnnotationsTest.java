package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Platform;
import io.edgeplace.api.TrafficPeer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnotationsTest {

  static Stream<Arguments> platforms() {
    return Stream.of(
        Arguments.of("one platform", "linux/arm64", Set.of(Platform.LINUX_ARM64)),
        Arguments.of("a list with a variant", "linux/arm64,linux/arm/v7", Set.of(Platform.LINUX_ARM64, Platform.LINUX_ARM_V7)),
        Arguments.of("blanks around items are ignored", " linux/amd64 , linux/arm/v6 ", Set.of(Platform.LINUX_AMD64, Platform.LINUX_ARM_V6)),
        Arguments.of("arm without a variant is arm/v7", "linux/arm", Set.of(Platform.LINUX_ARM_V7)),
        Arguments.of("aarch64 is arm64", "linux/aarch64", Set.of(Platform.LINUX_ARM64)),
        Arguments.of("a repeated platform counts once", "linux/amd64,linux/amd64", Set.of(Platform.LINUX_AMD64)));
  }

  @ParameterizedTest(name = "platforms: {0}")
  @MethodSource
  void platforms(String sentence, String value, Set<Platform> expected) {
    assertThat(Annotations.platforms(value)).isEqualTo(expected);
  }

  static Stream<Arguments> trafficPeers() {
    return Stream.of(
        Arguments.of("two peers with bandwidths", "app=broker:20M,app=db:5M", List.of(
            new TrafficPeer(LabelSelector.of("app", "broker"), 20_000_000L),
            new TrafficPeer(LabelSelector.of("app", "db"), 5_000_000L))),
        Arguments.of("a selector joining pairs with &", "app=db&tier=edge:5M", List.of(
            new TrafficPeer(new LabelSelector(Map.of("app", "db", "tier", "edge")), 5_000_000L))),
        Arguments.of("a prefixed label key", "app.kubernetes.io/name=broker:1G", List.of(
            new TrafficPeer(LabelSelector.of("app.kubernetes.io/name", "broker"), 1_000_000_000L))),
        Arguments.of("blanks around items and terms are ignored", " app = broker : 20M ", List.of(
            new TrafficPeer(LabelSelector.of("app", "broker"), 20_000_000L))),
        Arguments.of("a double equals sign, as kubectl allows", "app==broker:1k", List.of(
            new TrafficPeer(LabelSelector.of("app", "broker"), 1000L))),
        Arguments.of("an empty value declares no peers", "", List.of()));
  }

  @ParameterizedTest(name = "traffic peers: {0}")
  @MethodSource
  void trafficPeers(String sentence, String value, List<TrafficPeer> expected) {
    assertThat(Annotations.trafficPeers(value)).isEqualTo(expected);
  }

  static Stream<Arguments> badValues() {
    Function<String, Object> platforms = Annotations::platforms;
    Function<String, Object> peers = Annotations::trafficPeers;
    Function<String, Object> handlers = Annotations::runtimeHandlers;
    Function<String, Object> units = Annotations::allowedUnits;
    Function<String, Object> mode = Annotations::networkMode;
    Function<String, Object> uplink = Annotations::uplinkBandwidth;
    Function<String, Object> latency = Annotations::latency;
    return Stream.of(
        Arguments.of("a platform without an architecture is refused", platforms, "linux", "invalid platform \"linux\""),
        Arguments.of("an empty platform list is refused", platforms, "", "is empty"),
        Arguments.of("an empty item in a platform list is refused", platforms, "linux/amd64,,linux/arm64", "empty item"),
        Arguments.of("a platform with four parts is refused", platforms, "linux/arm/v7/x", "invalid platform"),
        Arguments.of("a peer without a bandwidth is refused", peers, "app=broker", "without a bandwidth"),
        Arguments.of("a peer with a bad bandwidth names the bandwidth", peers, "app=broker:fast", "\"fast\" does not start with a number"),
        Arguments.of("a peer with a negative bandwidth is refused", peers, "app=broker:-5M", "is negative"),
        Arguments.of("a peer without a selector is refused", peers, ":5M", "without a label selector"),
        Arguments.of("a selector term without = is refused", peers, "broker:5M", "not key=value"),
        Arguments.of("an invalid label key is refused", peers, "-app=x:5M", "invalid label key \"-app\""),
        Arguments.of("an invalid label value is refused", peers, "app=x y:5M", "invalid label value \"x y\""),
        Arguments.of("a repeated key in one selector is refused", peers, "app=a&app=b:5M", "repeats the label key \"app\""),
        Arguments.of("an upper-case runtime handler is refused", handlers, "runc,Kata", "invalid runtime handler \"Kata\""),
        Arguments.of("an empty allowed-units annotation is refused", units, " ", "names no unit"),
        Arguments.of("a unit name with a space is refused", units, "shop 1", "invalid unit name \"shop 1\""),
        Arguments.of("an unknown network mode is refused", mode, "public-wireguard", "is not a network mode"),
        Arguments.of("unknown is not a network mode one may declare", mode, "unknown", "is not a network mode"),
        Arguments.of("a zero uplink is refused", uplink, "0", "must be positive"),
        Arguments.of("an uplink in bytes is refused", uplink, "100MB", "unknown suffix \"MB\""),
        Arguments.of("a latency without a unit is refused", latency, "40", "without a unit"));
  }

  @ParameterizedTest(name = "{0}: \"{2}\"")
  @MethodSource
  void badValues(String sentence, Function<String, Object> parser, String value, String expected) {
    assertThatThrownBy(() -> parser.apply(value))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(((InvalidValueException) e).value()).isEqualTo(value));
  }

  @Test
  void runtimeHandlers_readsACommaList() {
    assertThat(Annotations.runtimeHandlers("runc, kata,gvisor")).containsExactlyInAnyOrder("runc", "kata", "gvisor");
    assertThat(Annotations.runtimeHandlers("")).isEmpty();
  }

  @Test
  void allowedUnits_readsACommaList() {
    assertThat(Annotations.allowedUnits("shop-munich,factory_berlin.1")).containsExactlyInAnyOrder("shop-munich",
        "factory_berlin.1");
  }

  @Test
  void networkMode_readsEveryDeclaredMode() {
    assertThat(Annotations.networkMode("public-vxlan")).isEqualTo(NetworkMode.PUBLIC_VXLAN);
    assertThat(Annotations.networkMode(" public-ipsec ")).isEqualTo(NetworkMode.PUBLIC_IPSEC);
    assertThat(Annotations.networkMode("private-vxlan")).isEqualTo(NetworkMode.PRIVATE_VXLAN);
    assertThat(Annotations.networkMode("host-network")).isEqualTo(NetworkMode.HOST_NETWORK);
  }

  @Test
  void bandwidthAndLatency_areQuantityAndDuration() {
    assertThat(Annotations.bandwidth("0")).isZero();
    assertThat(Annotations.uplinkBandwidth(" 100M ")).isEqualTo(100_000_000L);
    assertThat(Annotations.latency("40ms")).isEqualTo(Duration.ofMillis(40));
  }
}
