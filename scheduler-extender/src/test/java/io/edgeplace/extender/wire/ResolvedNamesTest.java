package io.edgeplace.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Names resolved while decoding read back exactly as the names that came in, with the right indices. */
class ResolvedNamesTest {
  private final WireDecoder decoder = WireDecoder.forBodyLimit(1 << 20);

  /* A resolver over a fixed list of names, by a plain map. */
  private record MapResolver(List<String> names, Map<String, Integer> index) implements NameResolver {
    static MapResolver of(List<String> names) {
      Map<String, Integer> index = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        index.put(names.get(i), i);
      }
      return new MapResolver(names, index);
    }

    @Override
    public int resolve(char[] chars, int offset, int length) {
      Integer i = index.get(new String(chars, offset, length));
      return i == null ? -1 : i;
    }

    @Override
    public String name(int node) {
      return names.get(node);
    }
  }

  private static byte[] args(List<String> names) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeObjectFieldStart("Pod");
      g.writeObjectFieldStart("metadata");
      g.writeStringField("name", "p");
      g.writeEndObject();
      g.writeEndObject();
      g.writeArrayFieldStart("NodeNames");
      for (String n : names) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void randomNames_readBackAsSent_knownOnesResolved(long seed) throws Exception  {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<String> cluster = new ArrayList<>();
    int nodes = 1 + r.nextInt(200);
    for (int i = 0; i < nodes; i++) {
      cluster.add("node-" + i + (r.nextInt(5) == 0 ? "-é\"\\\u0001" : ""));
    }
    MapResolver resolver = MapResolver.of(cluster);
    List<String> sent = new ArrayList<>();
    int candidates = r.nextInt(300);
    for (int i = 0; i < candidates; i++) {
      sent.add(r.nextInt(4) == 0 ? "ghost-" + r.nextInt(10) + "\u00e9\ud83d\ude00" : cluster.get(r.nextInt(cluster.size())));
    }
    byte[] body = args(sent);
    ExtenderArgs plain = decoder.decodeArgs(body, body.length);
    ExtenderArgs resolved = decoder.decodeArgs(body, body.length, resolver);
    assertThat(resolved.nodeNames()).as("seed %d", seed).isEqualTo(plain.nodeNames()).isEqualTo(sent);
    ResolvedNames names = resolved.resolved();
    assertThat(names).isNotNull();
    assertThat(names.resolver()).isSameAs(resolver);
    for (int i = 0; i < sent.size(); i++) {
      assertThat(names.node(i)).as("seed %d, candidate %d", seed, i).isEqualTo(cluster.indexOf(sent.get(i)));
      assertThat(resolved.candidateName(i)).isEqualTo(sent.get(i));
    }
    assertThat(plain.resolved()).isNull();
  }

  @Test
  void badNames_failAsWithoutAResolver() throws Exception {
    byte[] body = "{\"Pod\":{},\"NodeNames\":[\"a\",5]}".getBytes();
    assertThatThrownBy(() -> decoder.decodeArgs(body, body.length, MapResolver.of(List.of("a"))))
        .hasMessageContaining("NodeNames[1] is a number");
    byte[] notArray = "{\"Pod\":{},\"NodeNames\":{}}".getBytes();
    assertThatThrownBy(() -> decoder.decodeArgs(notArray, notArray.length, MapResolver.of(List.of("a"))))
        .hasMessageContaining("field NodeNames is an object");
  }
}
