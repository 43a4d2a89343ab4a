package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeplace.core.demo.DemoCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The command line: exit codes, one-line errors naming the flag or file, help, and real start-ups. */
class MainTest {
  @TempDir
  static Path dir;

  record Run(int code, String out, String err) {
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), null);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static Path file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  static Stream<Arguments> badCommandLines() throws Exception {
    String badConfig = file("bad.yaml", "weights:\n  architecture: 3\nweigths: {}\n").toString();
    String unknownPlugin = file("unknown-plugin.yaml", "weights:\n  warp-drive: 3\n").toString();
    String zeroWeight = file("zero.yaml", "weights:\n  architecture: 0\n").toString();
    String brokenSnapshot = file("broken.json", "{\"kind\":\"List\",\"items\":[{\"kind\":\"Node\"}]}").toString();
    String pem = file("x.pem", "not a pem").toString();
    return Stream.of(
        Arguments.of(List.of("--nope"), "unknown flag --nope"),
        Arguments.of(List.of("--demo", "extra"), "unexpected argument \"extra\""),
        Arguments.of(List.of("--demo", "--listen"), "--listen needs a value"),
        Arguments.of(List.of("--demo", "--listen", "8888"), "--listen \"8888\" is not HOST:PORT"),
        Arguments.of(List.of("--demo", "--listen", "localhost:http"), "not a number"),
        Arguments.of(List.of("--demo", "--listen=127.0.0.1:70000"), "outside 0-65535"),
        Arguments.of(List.of("--demo", "--health-listen"), "--health-listen needs a value"),
        Arguments.of(List.of("--demo", "--health-listen", "8889"), "--health-listen \"8889\" is not HOST:PORT"),
        Arguments.of(List.of("--demo", "--health-listen", "0.0.0.0:probe"), "--health-listen \"0.0.0.0:probe\" has port"),
        Arguments.of(List.of("--demo", "--health-listen=127.0.0.1:70000"), "--health-listen \"127.0.0.1:70000\" has port 70000, outside"),
        Arguments.of(List.of("--demo", "--listen", "0.0.0.0:8888", "--health-listen", "0.0.0.0:8888"),
            "--health-listen 0.0.0.0:8888 uses the port of --listen 0.0.0.0:8888; the health listener needs a port of its own, maybe 0.0.0.0:8889?"),
        Arguments.of(List.of("--demo", "--health-listen", "127.0.0.1:8888"), "uses the port of --listen 127.0.0.1:8888"),
        Arguments.of(List.of("--demo", "--listen", "0.0.0.0:8888", "--health-listen", "127.0.0.1:8888"),
            "uses the port of --listen 0.0.0.0:8888"),
        Arguments.of(List.of(), "no cluster source given"),
        Arguments.of(List.of("--demo", "--cluster-snapshot", brokenSnapshot), "more than one cluster source"),
        Arguments.of(List.of("--cluster-snapshot", "/no/such/file.json"), "--cluster-snapshot /no/such/file.json: no such file"),
        Arguments.of(List.of("--cluster-snapshot", dir.toString()), "not a readable file"),
        Arguments.of(List.of("--demo", "--tls-cert", pem), "--tls-cert needs --tls-key"),
        Arguments.of(List.of("--demo", "--client-ca", pem), "--client-ca needs --tls-cert"),
        Arguments.of(List.of("--demo", "--bind"), "--bind needs a live cluster"),
        Arguments.of(List.of("--demo", "--demo=yes"), "--demo takes no value"),
        Arguments.of(List.of("--demo", "--max-body-bytes", "12"), "--max-body-bytes 12 is outside"),
        Arguments.of(List.of("--demo", "--max-body-bytes", "lots"), "not a whole number"),
        Arguments.of(List.of("--demo", "--cache-dir", dir.toString()), "--cache-dir applies to a live cluster"),
        Arguments.of(List.of("--demo", "--config", badConfig), "unknown key \"weigths\""),
        Arguments.of(List.of("--demo", "--config", unknownPlugin), "warp-drive"),
        Arguments.of(List.of("--demo", "--config", zeroWeight), "weights.architecture is the number 0"),
        Arguments.of(List.of("--cluster-snapshot", brokenSnapshot), "broken.json"),
        Arguments.of(List.of("--demo", "--tls-cert", pem, "--tls-key", pem), "x.pem"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCommandLines")
  void aBadFlagOrFile_isOneLineOnStderr_andExitCode2(List<String> args, String says) {
    Run r = run(args.toArray(new String[0]));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("edgeplace-extender: ").contains(says).endsWith(System.lineSeparator());
    assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
  }

  @Test
  void help_explainsEveryFlag_andExits0() {
    Run r = run("--help");
    assertThat(r.code()).isZero();
    for (String flag : List.of("--listen", "--cluster-snapshot", "--demo", "--kubeconfig", "--in-cluster",
        "--cache-dir", "--config", "--tls-cert", "--tls-key", "--client-ca", "--health-listen", "--max-body-bytes",
        "--bind", "--help")) {
      assertThat(r.out()).contains(flag);
    }
    // why the health port exists
    assertThat(r.out()).contains("probes").contains("Prometheus").contains("client certificate");
    // a stop by SIGTERM ends the JVM with 128 + 15, not 0 (checked by hand: kill -TERM on the jar)
    assertThat(r.out()).contains("143 after SIGTERM").doesNotContain("0 after a clean stop");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void theSamePortOnTwoDifferentAddresses_isAllowed() throws Exception {
    Options o = Options.parse(List.of("--demo", "--listen", "127.0.0.1:18888", "--health-listen", "127.0.0.2:18888"));
    assertThat(o.healthListen()).isNotNull();
    assertThat(o.healthListen().getPort()).isEqualTo(o.listen().getPort());
  }

  @Test
  void aTakenPort_isExitCode1() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Run r = run("--demo", "--listen", "127.0.0.1:" + taken.getLocalPort());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("cannot listen on");
    }
  }

  @Test
  void aTakenHealthPort_isExitCode1_andTheMessageNamesIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      String health = "127.0.0.1:" + taken.getLocalPort();
      Run r = run("--demo", "--listen", "127.0.0.1:0", "--health-listen", health);
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("cannot listen on").contains(health + " (--health-listen)");
    }
  }

  @Test
  void demo_printsCurlCommandsThatWork_andStopsCleanly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Extender> started = new CompletableFuture<>();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
        new String[] {"--demo", "--listen", "127.0.0.1:0"}, new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err, started::complete));
    Extender e = started.get(60, TimeUnit.SECONDS);
    try {
      List<String> commands = new ArrayList<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith("curl -s " + e.uri() + "/filter")) {
          commands.add(line);
        }
      }
      assertThat(commands).hasSize(3);
      TestClient c = new TestClient(e.uri());
      for (String cmd : commands) {
        String body = cmd.substring(cmd.indexOf("-d '") + 4, cmd.length() - 1);
        JsonNode j = TestClient.json(c.post("/filter", body));
        assertThat(j.get("Error").asText()).isEmpty();
        assertThat(j.get("NodeNames").size()).isPositive();
      }
      // the arm64-only sample is kept off amd64 nodes, as unresolvable
      JsonNode arm = TestClient.json(c.post("/filter", DemoCommands.requestBody("arm-only-pod", e.service().nodeNames())));
      assertThat(arm.get("FailedAndUnresolvableNodes").has("cdn-frankfurt-x86-1")).isTrue();
      assertThat(arm.get("FailedAndUnresolvableNodes").get("cdn-frankfurt-x86-1").asText()).startsWith("architecture: ");
    } finally {
      e.close();
    }
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void clusterSnapshotFile_isServed() throws Exception {
    Path snapshot = dir.resolve("demo-cluster.yaml");
    Files.write(snapshot, DemoCluster.yaml());
    CompletableFuture<Extender> started = new CompletableFuture<>();
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> Main.run(
        new String[] {"--cluster-snapshot", snapshot.toString(), "--listen=127.0.0.1:0"}, System.out, System.err,
        started::complete));
    Extender e = started.get(60, TimeUnit.SECONDS);
    try {
      TestClient c = new TestClient(e.uri());
      JsonNode ready = TestClient.json(c.get("/readyz"));
      assertThat(ready.get("ready").asBoolean()).isTrue();
      assertThat(ready.get("detail").asText()).contains("demo-cluster.yaml");
      assertThat(e.service().nodeNames()).hasSize(DemoCluster.load().nodeCount());
    } finally {
      e.close();
    }
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void sampleRequestFiles_matchTheDemoCluster() throws Exception {
    List<String> names = DemoCluster.load().nodes().stream().map(io.edgeplace.api.Node::name).toList();
    for (String sample : List.of("arm-only", "bandwidth", "kata")) {
      try (var in = DemoCommands.class.getResourceAsStream("demo/" + sample + "-request.json")) {
        assertThat(in).as(sample).isNotNull();
        JsonNode file = TestClient.JSON.readTree(in);
        assertThat(file).as(sample).isEqualTo(TestClient.JSON.readTree(DemoCommands.requestBody(sample + "-pod", names)));
      }
    }
  }
}
