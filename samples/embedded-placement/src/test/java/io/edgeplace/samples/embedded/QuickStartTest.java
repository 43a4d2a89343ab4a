package io.edgeplace.samples.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.PlacementResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Java is {@link QuickStart}'s, and it does what the README says. */
class QuickStartTest {

  private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

  private static List<String> stripped(List<String> lines) {
    return lines.stream().map(String::strip).toList();
  }

  @Test
  void theReadmeShowsTheQuickStartCode_lineForLine() throws IOException {
    List<String> readme = Files.readAllLines(MODULE.resolve("README.md"));
    List<String> snippet = readme.subList(readme.indexOf("```java") + 1, readme.size());
    snippet = snippet.subList(0, snippet.indexOf("```"));
    List<String> source = Files.readAllLines(MODULE.resolve("src/main/java/io/edgeplace/samples/embedded/QuickStart.java"));
    List<String> code = source.subList(source.indexOf("    // README:begin") + 1, source.indexOf("    // README:end"));

    assertThat(stripped(snippet)).isEqualTo(stripped(code));
  }

  @Test
  void theQuickStart_printsTheArm64NodeAsBest_andTheArmhfNodeRejected() {
    PrintStream out = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PlacementResult result;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      result = QuickStart.run();
    } finally {
      System.setOut(out);
    }

    assertThat(result.feasibleNodes()).containsExactly("shop-12-arm64");
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
        "best: shop-12-arm64",
        "shop-12-armhf: node platform linux/arm/v7 is not among the platforms of image "
            + "\"ghcr.io/acme/sensor-gateway:2.1\" (linux/arm64/v8, declared by the pod) of container \"gateway\"; "
            + "maybe publish the image for linux/arm/v7, or keep the workload off linux/arm/v7 nodes");
  }
}
