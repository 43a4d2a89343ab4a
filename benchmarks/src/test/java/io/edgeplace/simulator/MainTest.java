package io.edgeplace.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MainTest {

  private static final String SCENARIO = """
      name: cli
      images: [{name: reg/x:1, size: 30Mi, platforms: [linux/amd64]}]
      nodeTypes: {t: {platform: linux/amd64, cpu: 4, memory: 8Gi}, p: {platform: linux/arm64, cpu: 4, memory: 8Gi}}
      units: [{name: u, count: 2, nodes: 2, mix: {t: 1, p: 1}, uplink: {bandwidth: 10M}}]
      apps: [{name: x, replicas: 3, containers: [{image: reg/x:1, cpu: 100m, memory: 64Mi}], bandwidth: {egress: 1M}}]
      """;

  private record Result(int status, String out, String err) {
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} → exit 2: {1}")
  @CsvSource(delimiter = '|', value = {
      "--scenario s.yaml --bogus            | unknown argument \"--bogus\"",
      "--policy both                        | --scenario FILE is required",
      "--scenario                           | --scenario needs a value",
      "--scenario s.yaml --policy fastest   | --policy \"fastest\" is not one of edgeplace, kube-default, both",
      "--scenario s.yaml --seed twelve      | --seed \"twelve\" is not a whole number",
      "--scenario s.yaml --format xml       | --format \"xml\" is not one of table, json",
      "--scenario s.yaml --scenario t.yaml  | --scenario is given twice",
      "s.yaml                               | unknown argument \"s.yaml\"; maybe --scenario s.yaml?"})
  void badCommandLine_printsOneLineAndExits2(String args, String message) {
    Result r = run(args.trim().split("\\s+"));
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains(message).endsWith("\n");
    assertThat(r.err().strip()).doesNotContain("\n");
  }

  @Test
  void badScenarioFile_printsTheFieldAndValueAndExits1(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, SCENARIO.replace("bandwidth: 10M", "bandwidth: fast"));
    Result r = run("--scenario", file.toString(), "--policy", "kube-default");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).startsWith("edgeplace-simulator: s.yaml: units[0].uplink.bandwidth: \"fast\" is not a bandwidth");
  }

  @Test
  void json_andHtmlReport_describeBothPolicies(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.yaml");
    Files.writeString(file, SCENARIO);
    Path html = dir.resolve("report.html");
    Result r = run("--scenario", file.toString(), "--format=json", "--seed", "9", "--report", html.toString());
    assertThat(r.err()).isEmpty();
    assertThat(r.status()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("seed").asLong()).isEqualTo(9);
    assertThat(json.get("nodes").asInt()).isEqualTo(4);
    for (String policy : new String[] {"edgeplace", "kube-default"}) {
      JsonNode p = json.get("policies").get(policy);
      assertThat(p.get("placed").asInt()).as(policy).isEqualTo(3);
      assertThat(p.get("uplinks")).hasSize(2);
    }
    assertThat(json.get("policies").get("edgeplace").get("archMismatch").asInt()).isZero();
    String page = Files.readString(html);
    assertThat(page).startsWith("<!DOCTYPE html>").contains("<svg", "edgeplace", "kube-default",
        "cross-unit WAN traffic");
    assertThat(page).as("the report loads nothing from outside").doesNotContain("http:", "https:", "src=", "<link",
        "<script");
  }

  @Test
  void table_isTheDefault() throws IOException {
    Path file = Files.createTempFile("cli", ".yaml");
    try {
      Files.writeString(file, SCENARIO);
      Result r = run("--scenario", file.toString(), "--policy", "kube-default");
      assertThat(r.status()).isZero();
      assertThat(r.out()).startsWith("scenario cli: 2 units, 4 nodes, 3 pods, seed 1")
          .contains("pods placed", "kube-default").doesNotContain("edgeplace ");
    } finally {
      Files.delete(file);
    }
  }
}
