package io.edgeplace.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire codec on its own: what it reads, what it refuses, what it writes. */
class WireCodecTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final WireDecoder decoder = WireDecoder.forBodyLimit(1 << 20);
  final WireEncoder encoder = new WireEncoder();

  ExtenderArgs decode(String json) throws WireFormatException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    // a larger buffer than the body, as the server reads it
    byte[] buf = java.util.Arrays.copyOf(b, b.length + 17);
    return decoder.decodeArgs(buf, b.length);
  }

  @Test
  void decodesNamesAndKeepsThePodAsItsExactBytes() throws Exception {
    String pod = "{\"metadata\":{\"name\":\"p\",\"annotations\":{\"a\":\"\\\"}{\"}},\"spec\":{}}";
    ExtenderArgs a = decode("  {\"Pod\": " + pod + " , \"NodeNames\": [\"n1\", \"n\\u00e92\"], \"Nodes\": null}  ");
    assertThat(a.byName()).isTrue();
    assertThat(a.nodeNames()).containsExactly("n1", "n\u00e92");
    assertThat(a.pod().text()).isEqualTo(pod);
    assertThat(new String(a.pod().stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(pod);
  }

  @Test
  void decodesNodeItems_withTheirNames_andEachItemsExactBytes() throws Exception {
    String n1 = "{\"kind\":\"Node\",\"metadata\":{\"labels\":{\"x\":\"y\"},\"name\":\"edge-1\"},\"status\":{\"images\":[]}}";
    String n2 = "{\"METADATA\":{\"Name\":\"edge-2\"}}";
    ExtenderArgs a = decode("{\"nodes\":{\"apiVersion\":\"v1\",\"ITEMS\":[" + n1 + "," + n2 + "]},\"pod\":{}}");
    assertThat(a.byName()).isFalse();
    assertThat(a.candidateCount()).isEqualTo(2);
    assertThat(a.candidateName(0)).isEqualTo("edge-1");
    assertThat(a.nodes().get(0).json().text()).isEqualTo(n1);
    assertThat(a.nodes().get(1).name()).isEqualTo("edge-2");
    assertThat(a.nodes().get(1).json().text()).isEqualTo(n2);
  }

  @Test
  void aRepeatedKeyTakesItsLastValue_asGoDoes() throws Exception {
    ExtenderArgs a = decode("{\"Pod\":{},\"NodeNames\":[\"a\"],\"nodenames\":[\"b\"]}");
    assertThat(a.nodeNames()).containsExactly("b");
  }

  @Test
  void namesWinWhenBothModesAreGiven() throws Exception {
    ExtenderArgs a = decode("{\"Pod\":{},\"NodeNames\":[\"a\"],\"Nodes\":{\"items\":[{\"metadata\":{\"name\":\"z\"}}]}}");
    assertThat(a.byName()).isTrue();
    assertThat(a.nodeNames()).containsExactly("a");
  }

  @Test
  void refusals_nameTheField() {
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"Nodes\":{\"items\":[{\"metadata\":{\"name\":\"a\"}},7]}}"))
        .hasMessageContaining("Nodes.items[1] is a number");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"Nodes\":{\"items\":{}}}"))
        .hasMessageContaining("Nodes.items is an object");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"Nodes\":{\"items\":[{\"metadata\":[]}]}}"))
        .hasMessageContaining("Nodes.items[0].metadata is an array");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"Nodes\":{\"items\":[{\"metadata\":{\"name\":1}}]}}"))
        .hasMessageContaining("Nodes.items[0].metadata.name is a number");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"Nodes\":7}")).hasMessageContaining("field Nodes is a number");
    assertThatThrownBy(() -> decode("{\"Pod\":[],\"NodeNames\":[]}")).hasMessageContaining("field Pod is an array");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"NodeNames\":[null]}")).hasMessageContaining("NodeNames[0] is null");
    assertThatThrownBy(() -> decode("   ")).hasMessageContaining("empty request body");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"NodeNames\":[\"a\"]")).hasMessageContaining("malformed JSON");
    assertThatThrownBy(() -> decode("{\"Pod\":{},\"NodeNames\":[\"\\ud800\"]}x"))
        .isInstanceOf(WireFormatException.class);
  }

  @Test
  void limits_onDepthAndTokenCount_applyToSkippedParts() {
    WireDecoder small = WireDecoder.create(16, 64, 1 << 20);
    assertThatThrownBy(() -> small.decodeArgs(("{\"x\":" + "[".repeat(20) + "]".repeat(20) + "}").getBytes(), 42))
        .hasMessageContaining("exceeds a limit").hasMessageContaining("nesting depth");
    StringBuilder many = new StringBuilder("{\"Pod\":{},\"x\":{");
    for (int i = 0; i < 100; i++) {
      many.append(i == 0 ? "" : ",").append("\"f").append(i).append("\":1");
    }
    byte[] b = many.append("},\"NodeNames\":[]}").toString().getBytes();
    assertThatThrownBy(() -> small.decodeArgs(b, b.length)).hasMessageContaining("exceeds a limit")
        .hasMessageContaining("Token count");
  }

  @Test
  void bindingArgs_areReadCaseInsensitively_andEveryFieldIsRequired() throws Exception {
    byte[] b = "{\"podname\":\"p\",\"PodNamespace\":\"ns\",\"PODUID\":\"u\",\"Node\":\"n\",\"x\":[1]}".getBytes();
    assertThat(decoder.decodeBinding(b, b.length)).isEqualTo(new BindingArgs("p", "ns", "u", "n"));
    byte[] missing = "{\"PodName\":\"p\",\"PodNamespace\":\"ns\",\"PodUID\":\"u\",\"Node\":\"\"}".getBytes();
    assertThatThrownBy(() -> decoder.decodeBinding(missing, missing.length)).hasMessageContaining("field Node");
    byte[] wrongType = "{\"PodName\":5}".getBytes();
    assertThatThrownBy(() -> decoder.decodeBinding(wrongType, wrongType.length))
        .hasMessageContaining("field PodName is a number");
  }

  @Test
  void filterResult_isWrittenAsGoWritesIt() throws Exception {
    Map<String, String> failed = new LinkedHashMap<>();
    failed.put("b", "bandwidth: \"quoted\"\n");
    JsonNode names = JSON.readTree(encoder.filterResult(new FilterReply(List.of("a"), null, failed, Map.of(), "")));
    assertThat(names.toString()).isEqualTo("{\"Nodes\":null,\"NodeNames\":[\"a\"],\"FailedNodes\":{\"b\":"
        + "\"bandwidth: \\\"quoted\\\"\\n\"},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
    ExtenderArgs.NodeItem item = new ExtenderArgs.NodeItem("n", RawJson.of("{\"metadata\":{\"name\":\"n\"}}".getBytes()));
    String nodes = new String(encoder.filterResult(new FilterReply(null, List.of(item), Map.of(), Map.of(), "")),
        StandardCharsets.UTF_8);
    assertThat(nodes).isEqualTo("{\"Nodes\":{\"metadata\":{},\"items\":[{\"metadata\":{\"name\":\"n\"}}]},"
        + "\"NodeNames\":null,\"FailedNodes\":{},\"FailedAndUnresolvableNodes\":{},\"Error\":\"\"}");
  }

  @Test
  void hostPriorities_andBindingResult() {
    assertThat(new String(encoder.hostPriorities(new String[] {"a", "b", "x"}, new long[] {10, 0, 3}, 2),
        StandardCharsets.UTF_8)).isEqualTo("[{\"Host\":\"a\",\"Score\":10},{\"Host\":\"b\",\"Score\":0}]");
    assertThat(new String(encoder.bindingResult(""), StandardCharsets.UTF_8)).isEqualTo("{\"Error\":\"\"}");
    assertThat(new String(encoder.hostPriorities(new String[0], new long[0], 0), StandardCharsets.UTF_8))
        .isEqualTo("[]");
  }

  /** Seeded round trips: any names written by a JSON library come back the same. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void randomNames_roundTrip(long seed) throws Exception  {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<String> names = new ArrayList<>();
    int n = r.nextInt(50);
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int len = 1 + r.nextInt(20);
      for (int k = 0; k < len; k++) {
        sb.append((char) (r.nextBoolean() ? 'a' + r.nextInt(26) : 1 + r.nextInt(0xD7FF)));
      }
      names.add(sb.toString());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("Pod", Map.of("metadata", Map.of("name", "p")));
    body.put("NodeNames", names);
    ExtenderArgs a = decode(JSON.writeValueAsString(body));
    assertThat(a.nodeNames()).as("seed %d", seed).isEqualTo(names);
  }
}
