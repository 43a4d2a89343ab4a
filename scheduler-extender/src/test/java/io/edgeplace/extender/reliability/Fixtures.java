package io.edgeplace.extender.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Generated clusters, request bodies and a small HTTP helper shared by the reliability tests. */
public final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {
  }

  /** Node {@code i} of a generated edge fleet: 20 nodes a unit, every third one amd64, the rest arm64. */
  static ObjectNode node(int i, Instant heartbeat) {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode md = n.putObject("metadata");
    md.put("name", nodeName(i));
    ObjectNode labels = md.putObject("labels");
    labels.put("kubernetes.io/arch", i % 3 == 0 ? "amd64" : "arm64");
    labels.put("kubernetes.io/os", "linux");
    labels.put("edgeplace.io/unit", "site-" + (i / 20));
    md.putObject("annotations").put("edgeplace.io/uplink-bandwidth", "100M");
    ObjectNode status = n.putObject("status");
    ObjectNode alloc = status.putObject("allocatable");
    alloc.put("cpu", "4");
    alloc.put("memory", "8Gi");
    alloc.put("pods", "110");
    ObjectNode cond = status.putArray("conditions").addObject();
    cond.put("type", "Ready");
    cond.put("status", "True");
    cond.put("lastHeartbeatTime", heartbeat.toString());
    return n;
  }

  static String nodeName(int i) {
    return String.format("edge-%04d", i);
  }

  /** A kubectl {@code List} of {@code count} generated nodes. */
  static Path snapshotFile(Path dir, int count) throws IOException {
    ObjectNode list = JSON.createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    Instant now = Instant.now();
    for (int i = 0; i < count; i++) {
      ObjectNode n = node(i, now);
      n.put("apiVersion", "v1");
      n.put("kind", "Node");
      items.add(n);
    }
    Path f = dir.resolve("cluster-" + count + ".json");
    JSON.writeValue(f.toFile(), list);
    return f;
  }

  /**
   * A pending pod: {@code variant} 0 is a plain pod, 1 wants linux/arm64 only, 2 has bandwidth
   * annotations and traffic peers.
   */
  static ObjectNode pod(String name, int variant, String image) {
    ObjectNode p = JSON.createObjectNode();
    ObjectNode md = p.putObject("metadata");
    md.put("name", name);
    md.put("namespace", "soak");
    md.put("uid", "00000000-0000-4000-8000-" + String.format("%012d", Math.abs(name.hashCode())));
    md.putObject("labels").put("app", "app-" + variant);
    ObjectNode ann = md.putObject("annotations");
    if (variant == 1) {
      ann.put("edgeplace.io/platforms", "linux/arm64");
    } else if (variant == 2) {
      ann.put("kubernetes.io/ingress-bandwidth", "2M");
      ann.put("kubernetes.io/egress-bandwidth", "1M");
      ann.put("edgeplace.io/traffic-peers", "app=app-0:1M");
    }
    ObjectNode spec = p.putObject("spec");
    spec.put("schedulerName", "edgeplace-scheduler");
    ObjectNode c = spec.putArray("containers").addObject();
    c.put("name", "main");
    c.put("image", image);
    ObjectNode req = c.putObject("resources").putObject("requests");
    req.put("cpu", "100m");
    req.put("memory", "64Mi");
    return p;
  }

  /** An ExtenderArgs body with {@code NodeNames}. */
  static String args(JsonNode pod, List<String> names) {
    ObjectNode a = JSON.createObjectNode();
    a.set("Pod", pod);
    ArrayNode arr = a.putArray("NodeNames");
    names.forEach(arr::add);
    return a.toString();
  }

  static HttpClient http() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  }

  static HttpResponse<String> post(HttpClient http, URI base, String path, String body)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static HttpResponse<String> get(HttpClient http, URI base, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return JSON.readTree(r.body());
  }

  /** Waits for {@code condition}, polling, failing with {@code what} after {@code limit}. */
  static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit + " waiting until " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
    }
  }

  /** An empty kubeconfig-shaped file pointing at {@code server}, without credentials. */
  public static Path kubeconfig(Path dir, String server) throws IOException {
    Path f = dir.resolve("kubeconfig.yaml");
    Files.writeString(f, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        contexts:
        - name: mock
          context:
            cluster: mock
            user: nobody
            namespace: default
        users:
        - name: nobody
          user: {}
        current-context: mock
        """.formatted(server));
    return f;
  }
}
