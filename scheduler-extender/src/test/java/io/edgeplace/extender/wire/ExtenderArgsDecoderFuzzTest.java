package io.edgeplace.extender.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Fuzzes the extender request decoder: for any bytes it returns a value or throws
 * {@link WireFormatException}, never anything else, and what it returns holds: the Pod and every
 * Node item are exact JSON objects of the body, every Node item has a name.
 *
 * <p>Regression inputs: {@code ExtenderArgsDecoderFuzzTestInputs/decode/}. Fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl scheduler-extender -am verify -Dtest=ExtenderArgsDecoderFuzzTest}.
 */
class ExtenderArgsDecoderFuzzTest {
  private static final WireDecoder DECODER = WireDecoder.create(32, 20_000, 1 << 20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) throws IOException {
    if (data.length > 0 && data[0] == 'B') {
      try {
        BindingArgs b = DECODER.decodeBinding(data, data.length);
        check(!b.podName().isEmpty() && !b.podNamespace().isEmpty() && !b.podUid().isEmpty() && !b.node().isEmpty(),
            "empty binding field");
      } catch (WireFormatException e) {
        check(e.getMessage() != null && !e.getMessage().isEmpty(), "error without a message");
      }
      return;
    }
    ExtenderArgs args;
    try {
      args = DECODER.decodeArgs(data, data.length);
    } catch (WireFormatException e) {
      check(e.getMessage() != null && !e.getMessage().isEmpty(), "error without a message");
      return;
    }
    JsonNode pod = JSON.readTree(args.pod().stream());
    check(pod != null && pod.isObject(), "Pod slice is not an object: " + args.pod());
    if (!args.byName()) {
      for (ExtenderArgs.NodeItem item : args.nodes()) {
        JsonNode node = JSON.readTree(item.json().stream());
        check(node != null && node.isObject(), "Node slice is not an object: " + item.json());
        check(!item.name().isEmpty(), "Node item without a name");
      }
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
