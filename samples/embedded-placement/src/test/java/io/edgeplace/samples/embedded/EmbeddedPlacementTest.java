package io.edgeplace.samples.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the sample's {@code main} logic and reads the table it prints. */
class EmbeddedPlacementTest {

  static final Path DEPLOY = Path.of(System.getProperty("basedir", ".")).resolve("../deploy").normalize();

  private static String run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EmbeddedPlacement.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** The node row (RANK NODE UNIT VERDICT TOTAL) of {@code node}, split on runs of spaces. */
  private static String row(String table, String node) {
    return table.lines().filter(l -> !l.startsWith(" ") && l.contains(" " + node + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row for node " + node + " in\n" + table));
  }

  /** The plugin lines printed under the row of {@code node}. */
  private static List<String> pluginLines(String table, String node) {
    List<String> lines = table.lines().toList();
    int at = lines.indexOf(row(table, node));
    return lines.subList(at + 1, lines.size()).stream().takeWhile(l -> l.startsWith("        ")).map(String::strip)
        .toList();
  }

  @Test
  void inCodeCluster_armhfAndAmd64NodesAreRejectedForAnArm64OnlyImage_withTheArchitectureReason() {
    String table = run();

    assertThat(row(table, "shop-12-armhf")).startsWith("-").contains("rejected: ArchitectureMismatch (architecture)");
    assertThat(pluginLines(table, "shop-12-armhf")).anySatisfy(l -> assertThat(l)
        .startsWith("architecture").contains("rejects")
        .contains("node platform linux/arm/v7 is not among the platforms of image \"ghcr.io/acme/sensor-gateway:2.1\""));
    assertThat(row(table, "factory-x86-1")).startsWith("-").contains("rejected: ArchitectureMismatch (architecture)");
  }

  @Test
  void inCodeCluster_theBestNodeIsTheArm64NodeOfTheUnitWithoutAReplica() {
    String table = run();

    assertThat(table.lines().findFirst()).hasValue(
        "placement of factory/sensor-gateway-7d9f-x2q4p: 2 of 4 nodes feasible, best factory-arm64-1");
    assertThat(row(table, "factory-arm64-1")).matches("1 +factory-arm64-1 +factory +feasible +\\d+");
    assertThat(row(table, "shop-12-arm64")).matches("2 +shop-12-arm64 +shop-12 +feasible +\\d+");
    assertThat(pluginLines(table, "factory-arm64-1"))
        .anySatisfy(l -> assertThat(l).matches("architecture +100 x10 += +1000 +image .* runs natively on linux/arm64/v8"))
        .anySatisfy(l -> assertThat(l).matches("unit-spread +100 x5 +=  +500 +unit \"factory\" holds 0 of the 1 replicas.*"));
    assertThat(pluginLines(table, "shop-12-arm64"))
        .anySatisfy(l -> assertThat(l).matches("unit-spread +0 x5 += +0 +unit \"shop-12\" holds 1 of the 1 replicas.*"));
  }

  @Test
  void theTableListsFeasibleNodesBestFirstThenRejectedOnesByName() {
    List<String> nodeRows = run().lines().skip(3).filter(l -> !l.isEmpty() && !l.startsWith(" ")).toList();

    assertThat(nodeRows).extracting(l -> l.split(" +")[1])
        .containsExactly("factory-arm64-1", "shop-12-arm64", "factory-x86-1", "shop-12-armhf");
  }

  @Test
  void fromFiles_theArmOnlySamplePodIsKeptOffAmd64AndThe32BitArmNodesOfTheSampleFleet() {
    String table = run(DEPLOY.resolve("snapshots/edge-fleet.yaml").toString(),
        DEPLOY.resolve("pods/arm-only-pod.yaml").toString());

    assertThat(table).startsWith("placement of factory/sensor-gateway: 3 of 6 nodes feasible, best ");
    for (String node : List.of("factory-x86-1", "shop-munich-armhf-1", "shop-hamburg-armel-1")) {
      assertThat(row(table, node)).contains("rejected: ArchitectureMismatch (architecture)");
    }
    for (String node : List.of("factory-arm64-1", "shop-munich-arm64-1", "shop-hamburg-arm64-1")) {
      assertThat(row(table, node)).contains("feasible");
    }
  }

  private static String fleet(String pod) {
    return run(DEPLOY.resolve("snapshots/edge-fleet.yaml").toString(), DEPLOY.resolve("pods").resolve(pod).toString());
  }

  @Test
  void fromFiles_theKataPodMayRunOnlyOnTheNodeOfferingTheKataHandler() {
    String table = fleet("kata-sandbox-pod.yaml");

    assertThat(table).startsWith("placement of factory/untrusted-parser: 1 of 6 nodes feasible, best factory-x86-1");
    for (String node : List.of("factory-arm64-1", "shop-munich-arm64-1", "shop-hamburg-arm64-1")) {
      assertThat(row(table, node)).contains("rejected: RuntimeHandlerMissing (sandbox-runtime)");
      assertThat(pluginLines(table, node)).singleElement().asString()
          .matches("sandbox-runtime +rejects +RuntimeClass \"kata\" needs handler \"kata\"");
    }
  }

  @Test
  void fromFiles_theBandwidthHungryServiceStaysOutOfTheShops_andGoesNextToItsPeers() {
    String table = fleet("bandwidth-hungry-service.yaml");

    assertThat(table).startsWith("placement of factory/video-relay: 2 of 6 nodes feasible, best factory-x86-1");
    assertThat(row(table, "shop-munich-arm64-1")).contains("rejected: UplinkBandwidthExceeded (uplink-bandwidth)");
    assertThat(row(table, "shop-hamburg-arm64-1")).contains("rejected: UplinkBandwidthExceeded (uplink-bandwidth)");
    assertThat(pluginLines(table, "factory-x86-1")).anySatisfy(l -> assertThat(l)
        .matches("traffic-locality +100 x5 += +500 +peer traffic 25 Mbit/s .*25 Mbit/s on this node.*"));
  }

  @Test
  void fromFiles_noPodGoesIntoTheDisconnectedUnit() {
    String table = run(DEPLOY.resolve("snapshots/disconnected-unit.yaml").toString(),
        DEPLOY.resolve("pods/arm-only-pod.yaml").toString());

    assertThat(table).startsWith("placement of factory/sensor-gateway: 1 of 3 nodes feasible, best wind-farm-arm64-1");
    for (String node : List.of("toll-a9-arm64-1", "toll-a9-arm64-2")) {
      assertThat(row(table, node)).contains("rejected: UnitDisconnected (unit-connectivity)");
      assertThat(pluginLines(table, node)).singleElement().asString()
          .contains("unit \"toll-a9-north\" disconnected, newest heartbeat 12m ago");
    }
  }

  @Test
  void wrongArguments_areAUsageError_namingTheUsage() {
    assertThatThrownBy(() -> run("only-one-file.yaml"))
        .isInstanceOf(EmbeddedPlacement.UsageException.class)
        .hasMessageContaining(EmbeddedPlacement.USAGE)
        .hasMessageContaining("got 1 arguments");
  }

  @Test
  void aMissingSnapshotFile_isAUsageError_namingTheFile() {
    assertThatThrownBy(() -> run("no-such-snapshot.yaml", DEPLOY.resolve("pods/arm-only-pod.yaml").toString()))
        .isInstanceOf(EmbeddedPlacement.UsageException.class)
        .hasMessageContaining("no-such-snapshot.yaml")
        .hasMessageContaining("does not exist");
  }

  @Test
  void aSnapshotWithABadValue_isAUsageError_namingTheNodeTheFieldAndTheValue(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(DEPLOY.resolve("snapshots/disconnected-unit.yaml"))
        .replaceFirst("\"50M\"", "\"lots\""));

    assertThatThrownBy(() -> run(bad.toString(), DEPLOY.resolve("pods/arm-only-pod.yaml").toString()))
        .isInstanceOf(EmbeddedPlacement.UsageException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("wind-farm-arm64-1")
        .hasMessageContaining("edgeplace.io/uplink-bandwidth")
        .hasMessageContaining("lots");
  }

  @Test
  void aPodFileWithoutPods_isAUsageError_sayingWhatToGive() {
    assertThatThrownBy(() -> run(DEPLOY.resolve("snapshots/disconnected-unit.yaml").toString(),
        DEPLOY.resolve("snapshots/disconnected-unit.yaml").toString()))
        .isInstanceOf(EmbeddedPlacement.UsageException.class)
        .hasMessageContaining("holds no Pod");
  }
}
