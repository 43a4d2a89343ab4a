package io.edgeplace.extender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The ready-to-paste {@code curl} commands {@code --demo} prints at start-up: three sample pods
 * (an arm64-only image, a bandwidth-hungry service with traffic peers, a Kata sandbox pod) sent
 * to filter, prioritize and explain against every node of the demo cluster. The sample pods are
 * resources in {@code io/edgeplace/extender/demo/}.
 */
public final class DemoCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sample pod resource names with what each shows. */
  static final List<String[]> SAMPLES = List.of(
      new String[] {"arm-only-pod", "an arm64-only image: amd64 and armhf nodes are unresolvable"},
      new String[] {"bandwidth-pod", "a bandwidth-hungry service with traffic peers: thin uplinks cannot take it"},
      new String[] {"kata-pod", "a Kata sandbox pod: only nodes offering the kata runtime handler"});

  private DemoCommands() {
  }

  /** The sample pod {@code name} (such as {@code kata-pod}) as JSON text. */
  public static String samplePod(String name) {
    String path = "demo/" + name + ".json";
    try (InputStream in = DemoCommands.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample pod " + name + "; samples: arm-only-pod, bandwidth-pod, kata-pod");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An ExtenderArgs body (nodeCacheCapable) for sample pod {@code name} and {@code nodeNames}, on one line. */
  public static String requestBody(String name, List<String> nodeNames) {
    try {
      ObjectNode body = JSON.createObjectNode();
      body.set("Pod", JSON.readTree(samplePod(name)));
      ArrayNode names = body.putArray("NodeNames");
      nodeNames.forEach(names::add);
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The start-up text: what is served and the commands to try. */
  public static String text(URI base, List<String> nodeNames) {
    Objects.requireNonNull(base, "base");
    String curl = "curl -s" + (base.getScheme().equals("https") ? "k" : "") + " ";
    StringBuilder sb = new StringBuilder();
    sb.append("\nedgeplace demo: ").append(nodeNames.size()).append(" nodes served on ").append(base)
        .append("\nTry these (each sample pod against every demo node):\n");
    for (String[] sample : SAMPLES) {
      String body = requestBody(sample[0], nodeNames);
      sb.append("\n# ").append(sample[1]).append('\n');
      for (String verb : new String[] {"filter", "prioritize", "explain"}) {
        sb.append(curl).append(base).append('/').append(verb)
            .append(" -H 'Content-Type: application/json' -d '").append(body).append("'\n");
      }
    }
    sb.append("\n# health, readiness (with the snapshot's freshness) and metrics\n")
        .append(curl).append(base).append("/healthz\n")
        .append(curl).append(base).append("/readyz\n")
        .append(curl).append(base).append("/metrics | grep '^edgeplace_'\n\n");
    return sb.toString();
  }

  static JsonNode parse(String json) throws IOException {
    return JSON.readTree(json);
  }
}
