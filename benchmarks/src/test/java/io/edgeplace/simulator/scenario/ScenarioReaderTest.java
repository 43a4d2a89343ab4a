package io.edgeplace.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.Platform;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioReaderTest {

  /** A valid scenario; each bad case replaces one line of it. */
  static final String GOOD = """
      name: good
      clock: {arrivalInterval: 1s}
      images:
        - {name: reg/db:1, size: 100Mi, platforms: [linux/amd64]}
        - {name: reg/web:1, size: 50Mi, platforms: [linux/amd64, linux/arm/v7]}
      nodeTypes:
        big: {platform: linux/amd64, cpu: 4, memory: 8Gi}
      units:
        - {name: a, nodes: 2, mix: big, uplink: {bandwidth: 10M, latency: 20ms, mode: public-vxlan}}
        - {name: b, nodes: 1, mix: big}
      outages:
        - {unit: b, from: 1, to: 3}
      apps:
        - name: db
          containers: [{image: reg/db:1, cpu: "1", memory: 1Gi}]
        - name: web
          replicas: 2
          containers: [{image: reg/web:1, cpu: 500m, memory: 512Mi}]
          peers: [{app: db, bandwidth: 3M}]
      arrival: sequential
      """;

  static Stream<Arguments> badScenarios() {
    return Stream.of(
        Arguments.of("a mistyped top-level key",
            "arrival: sequential", "arival: sequential",
            "arival: unknown key \"arival\"; expected one of apps, arrival, clock,", "Maybe \"arrival\"?"),
        Arguments.of("a bandwidth that is not a quantity",
            "bandwidth: 10M, latency", "bandwidth: 10Q, latency",
            "units[0].uplink.bandwidth: \"10Q\" is not a bandwidth", ""),
        Arguments.of("a node count that is text",
            "{name: a, nodes: 2,", "{name: a, nodes: many,",
            "units[0].nodes: \"many\" is not a whole number", ""),
        Arguments.of("a node count of zero",
            "{name: a, nodes: 2,", "{name: a, nodes: 0,",
            "units[0].nodes: 0 is out of range", ""),
        Arguments.of("an image that is not declared",
            "[{image: reg/db:1,", "[{image: reg/dbx:1,",
            "apps[0].containers[0].image: \"reg/dbx:1\" is not declared under images", "maybe \"reg/db:1\"?"),
        Arguments.of("a platform without an architecture",
            "platforms: [linux/amd64]}", "platforms: [linux]}",
            "images[0].platforms[0]: \"linux\" is not a platform", ""),
        Arguments.of("an outage of a unit that does not exist",
            "{unit: b, from: 1", "{unit: c, from: 1",
            "outages[0].unit: \"c\" is not a unit of this scenario", ""),
        Arguments.of("an outage that ends before it begins",
            "from: 1, to: 3}", "from: 3, to: 1}",
            "outages[0].to: 1 is not after from (3)", ""),
        Arguments.of("a peer app that does not exist",
            "[{app: db, bandwidth", "[{app: dbb, bandwidth",
            "apps[1].peers[0].app: \"dbb\" is not an app of this scenario", "maybe \"db\"?"),
        Arguments.of("a node type the mix does not know",
            "nodes: 1, mix: big}", "nodes: 1, mix: huge}",
            "units[1].mix: node type \"huge\" is not declared under nodeTypes (big)", ""),
        Arguments.of("an unknown arrival order",
            "arrival: sequential", "arrival: random",
            "arrival: \"random\" is not one of sequential, interleaved, shuffled", ""),
        Arguments.of("a duration without a unit",
            "{arrivalInterval: 1s}", "{arrivalInterval: 1}",
            "clock.arrivalInterval: 1 is not a duration", ""),
        Arguments.of("a network mode that does not exist",
            "mode: public-vxlan}", "mode: carrier-pigeon}",
            "units[0].uplink.mode: \"carrier-pigeon\" is not a network mode", ""),
        Arguments.of("zero replicas",
            "replicas: 2", "replicas: 0",
            "apps[1].replicas: 0 is out of range", ""),
        Arguments.of("a container given as text",
            "containers: [{image: reg/web:1, cpu: 500m, memory: 512Mi}]", "containers: reg/web:1",
            "apps[1].containers: \"reg/web:1\" is not a list", ""),
        Arguments.of("a negative cpu",
            "cpu: 500m", "cpu: -500m",
            "apps[1].containers[0].cpu: \"-500m\" is not a CPU amount", ""),
        Arguments.of("a fleet too large to simulate",
            "{name: b, nodes: 1, mix: big}", "{name: b, count: 1000, nodes: 100, mix: big}",
            "units[1]: (a mapping) makes the fleet larger than 50000 nodes", ""),
        Arguments.of("a key given twice",
            "name: good", "name: good\nname: again",
            "is not valid YAML at line 2", "Duplicate field 'name'"),
        Arguments.of("broken YAML",
            "arrival: sequential", "arrival: [sequential",
            "is not valid YAML at line", ""),
        Arguments.of("a unit name given twice",
            "{name: b, nodes: 1", "{name: a, nodes: 1",
            "units[1].name: \"a\" names unit \"a\" a second time", ""));
  }

  @ParameterizedTest(name = "{0} is refused with an error naming the field and the value")
  @MethodSource("badScenarios")
  void badScenario_isRefusedWithAnErrorNamingFieldAndValue(String why, String line, String replacement,
                                                           String message, String hint) {
    assertThat(GOOD).contains(line);
    String bad = GOOD.replace(line, replacement);
    assertThatThrownBy(() -> ScenarioReader.parse(bad))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining(message)
        .hasMessageContaining(hint)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void goodScenario_expandsIntoTheDeclaredFleetAndPods() {
    Scenario s = ScenarioReader.parse(GOOD);
    ScenarioInstance inst = ScenarioExpander.expand(s, 1);
    assertThat(inst.units()).extracting(Unit::name).containsExactly("a", "b");
    assertThat(inst.units().get(0).uplinkBitsPerSecond()).isEqualTo(10_000_000L);
    assertThat(inst.units().get(0).uplinkLatency()).isEqualTo(Duration.ofMillis(20));
    assertThat(inst.units().get(1).hasUplinkLimit()).isFalse();
    assertThat(inst.nodes()).extracting(io.edgeplace.api.Node::name).containsExactly("a-n01", "a-n02", "b-n01");
    assertThat(inst.nodes().get(0).allocatable().milliCpu()).isEqualTo(4000);
    assertThat(inst.nodes().get(0).labels()).containsEntry("topology.kubernetes.io/zone", "a")
        .containsEntry("edgeplace.io/unit", "a").containsEntry("kubernetes.io/arch", "amd64");
    assertThat(inst.arrivals()).extracting(Workload::name).containsExactly("db-0", "web-0", "web-1");
    Workload web = inst.arrivals().get(1);
    assertThat(web.requests().milliCpu()).isEqualTo(500);
    assertThat(web.requests().memoryBytes()).isEqualTo(512L << 20);
    assertThat(web.containers().get(0).platforms()).containsExactlyInAnyOrder(Platform.LINUX_AMD64,
        Platform.LINUX_ARM_V7);
    assertThat(web.trafficPeers()).singleElement().satisfies(p -> {
      assertThat(p.selector().toString()).isEqualTo("app=db");
      assertThat(p.bitsPerSecond()).isEqualTo(3_000_000L);
    });
    assertThat(web.annotations()).containsEntry("edgeplace.io/platforms", "linux/amd64,linux/arm/v7")
        .containsEntry("edgeplace.io/traffic-peers", "app=db:3000000");
    assertThat(inst.outages()).singleElement().satisfies(o -> {
      assertThat(o.activeAt(inst.timeOf(0))).isFalse();
      assertThat(o.activeAt(inst.timeOf(1))).isTrue();
      assertThat(o.activeAt(inst.timeOf(3))).isFalse();
    });
  }

  @Test
  void groups_expandNamesAndSubstituteTheIndexInReferences() {
    String groups = """
        images: [{name: reg/x:1, size: 1Mi, platforms: [linux/amd64]}]
        nodeTypes: {t: {platform: linux/amd64, cpu: 1, memory: 1Gi}}
        units: [{name: site, count: 3, nodes: 1, mix: t, region: [r1, r2]}]
        apps:
          - {name: "l-{i}-db", count: 2, containers: [{image: reg/x:1}]}
          - {name: "l-{i}-ui", count: 2, units: ["site-{i}"], containers: [{image: reg/x:1}],
             peers: [{app: "l-{i}-db", bandwidth: 1M}]}
        """;
    ScenarioInstance inst = ScenarioExpander.expand(ScenarioReader.parse(groups), 1);
    assertThat(inst.units()).extracting(Unit::name).containsExactly("site-01", "site-02", "site-03");
    assertThat(inst.units()).extracting(Unit::region).containsExactly("r1", "r2", "r1");
    assertThat(inst.arrivals()).extracting(Workload::name)
        .containsExactly("l-01-db-0", "l-02-db-0", "l-01-ui-0", "l-02-ui-0");
    Workload ui2 = inst.arrivals().get(3);
    assertThat(ui2.allowedUnits()).containsExactly("site-02");
    assertThat(ui2.trafficPeers().get(0).selector().toString()).isEqualTo("app=l-02-db");
  }

  @ParameterizedTest(name = "bundled scenario {0} reads and expands")
  @ValueSource(strings = {"example.yaml", "small.yaml", "realistic.yaml", "large.yaml"})
  void bundledScenarios_readAndExpand(String file) {
    Scenario s = ScenarioReader.read(Path.of("scenarios", file));
    ScenarioInstance inst = ScenarioExpander.expand(s, s.seed());
    assertThat(inst.nodes()).isNotEmpty();
    assertThat(inst.arrivals()).isNotEmpty();
    switch (file) {
      case "small.yaml" -> assertThat(inst.units()).hasSize(5).satisfies(u -> assertThat(inst.nodes()).hasSize(50));
      case "realistic.yaml" -> {
        assertThat(inst.units()).hasSize(50);
        assertThat(inst.nodes()).hasSize(1000);
        assertThat(inst.outages()).hasSize(3);
        assertThat(inst.units()).allSatisfy(u -> assertThat(u.uplinkBitsPerSecond()).isBetween(10_000_000L,
            1_000_000_000L));
        assertThat(inst.nodes()).extracting(n -> n.platform().toString()).contains("linux/amd64", "linux/arm64/v8",
            "linux/arm/v7");
        assertThat(inst.arrivals().stream().map(w -> w.labels().get("app")).distinct()).hasSize(500);
      }
      case "large.yaml" -> {
        assertThat(inst.units()).hasSize(200);
        assertThat(inst.nodes()).hasSize(10_000);
      }
      default -> { }
    }
  }

  @Test
  void readingAFile_prefixesErrorsWithTheFileName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, GOOD.replace("nodes: 2,", "nodes: -2,"));
    assertThatThrownBy(() -> ScenarioReader.read(file))
        .hasMessageStartingWith("broken.yaml: units[0].nodes: -2 is out of range");
    assertThatThrownBy(() -> ScenarioReader.read(dir.resolve("missing.yaml")))
        .isInstanceOf(ScenarioException.class).hasMessageStartingWith("missing.yaml: cannot be read");
    Path empty = dir.resolve("empty.yaml");
    Files.writeString(empty, "");
    assertThatThrownBy(() -> ScenarioReader.read(empty)).hasMessageContaining("empty.yaml: is empty");
  }

  @Test
  void expansion_isTheSameInEveryJvm() {
    // A fingerprint taken once: the last letter of each node's arch and its preloaded image count,
    // and the first uplinks of realistic.yaml. A map iterated in hash order would change it from
    // one run to the next.
    ScenarioInstance small = ScenarioExpander.expand(ScenarioReader.read(Path.of("scenarios", "small.yaml")), 1);
    StringBuilder b = new StringBuilder();
    for (io.edgeplace.api.Node n : small.nodes()) {
      String arch = n.platform().architecture();
      b.append(arch.charAt(arch.length() - 1)).append(n.images().size());
    }
    assertThat(b.toString()).isEqualTo(
        "4041414040424041414040m0414040404142414041m14140414140m0404040m040m0m1m1m1m0424042404041404141m14240");
    ScenarioInstance realistic = ScenarioExpander.expand(ScenarioReader.read(Path.of("scenarios", "realistic.yaml")),
        1);
    assertThat(realistic.units().stream().limit(8).map(u -> u.uplinkBitsPerSecond() / 1_000_000))
        .containsExactly(140L, 98L, 550L, 12L, 23L, 59L, 150L, 29L);
  }
}
