package io.edgeplace.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

/** The hand-written reply bytes equal what Jackson's generator writes for the same values. */
class JsonBytesTest {
  private static final JsonFactory JSON = new JsonFactory();
  private final WireEncoder encoder = new WireEncoder();

  private static String jackson(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeString(s);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String randomString(RandomGenerator r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(40);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> b.append((char) r.nextInt(0x20));
        case 1 -> b.append("\"\\/\u007f".charAt(r.nextInt(4)));
        case 2 -> b.append((char) (0x80 + r.nextInt(0x780)));
        case 3 -> b.append((char) (0x800 + r.nextInt(0xD000)));
        case 4 -> b.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
        default -> b.append((char) (0x20 + r.nextInt(0x5f)));
      }
    }
    if (r.nextInt(10) == 0) {
      b.append((char) (0xD800 + r.nextInt(0x800)));
    }
    return b.toString();
  }

  @Test
  void everyControlCharacter_isEscapedAsJacksonEscapesIt() throws IOException {
    for (char c = 0; c < 0x100; c++) {
      String s = "a" + c + "b";
      assertThat(new String(WireEncoder.quote(s), StandardCharsets.UTF_8)).as("char %d", (int) c)
          .isEqualTo(jackson(s));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void randomStrings_matchJackson(long seed) throws IOException  {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    for (int k = 0; k < 200; k++) {
      String s = randomString(r);
      assertThat(new String(WireEncoder.quote(s), StandardCharsets.UTF_8)).as("seed %d, string %s", seed, s)
          .isEqualTo(jackson(s));
      JsonBytes out = new JsonBytes(1);
      out.string(s);
      assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as("seed %d", seed).isEqualTo(jackson(s));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
  void nameFilterWriter_writesWhatFilterResultWrites(long seed)  {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<String> passed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      String name = "n" + i + randomString(r);
      switch (r.nextInt(3)) {
        case 0 -> passed.add(name);
        case 1 -> failed.put(name, randomString(r));
        default -> unresolvable.put(name, randomString(r));
      }
    }
    // a buffer that held a longer reply before, and starts too small to hold this one
    JsonBytes out = new JsonBytes(1 + r.nextInt(3));
    out.string("left over from the reply before".repeat(r.nextInt(4)));
    WireEncoder.NameFilterWriter w = encoder.nameFilterResult(out);
    passed.forEach(name -> w.passed(WireEncoder.quote(name)));
    failed.forEach((name, m) -> w.failed(WireEncoder.quote(name), WireEncoder.quote(m)));
    unresolvable.forEach((name, m) -> w.unresolvable(WireEncoder.quote(name), WireEncoder.quote(m)));
    w.finish();
    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).as("seed %d", seed)
        .isEqualTo(new String(encoder.filterResult(new FilterReply(passed, null, failed, unresolvable, "")),
            StandardCharsets.UTF_8));
  }

  @Test
  void nameFilterWriter_refusesAGroupAfterTheOneAfterIt() {
    WireEncoder.NameFilterWriter w = encoder.nameFilterResult(new JsonBytes(8));
    w.passed(WireEncoder.quote("a"));
    w.unresolvable(WireEncoder.quote("b"), WireEncoder.quote("arch"));
    assertThatThrownBy(() -> w.failed(WireEncoder.quote("c"), WireEncoder.quote("bandwidth")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed node after the unresolvable");
    w.finish();
    assertThatThrownBy(() -> w.passed(WireEncoder.quote("d"))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void hostPriorityWriter_reusesABufferFromScratch() {
    JsonBytes out = new JsonBytes(4);
    out.string("an older, longer reply that must not show through");
    WireEncoder.HostPriorityWriter w = encoder.hostPriorities(out);
    w.add(WireEncoder.quote("n1"), 10);
    w.add(WireEncoder.quote("n2"), 0);
    w.finish();
    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8))
        .isEqualTo("[{\"Host\":\"n1\",\"Score\":10},{\"Host\":\"n2\",\"Score\":0}]");
    WireEncoder.HostPriorityWriter empty = encoder.hostPriorities(out);
    empty.finish();
    assertThat(new String(out.array(), 0, out.size(), StandardCharsets.UTF_8)).isEqualTo("[]");
    assertThatThrownBy(() -> encoder.hostPriorities(out).add(WireEncoder.quote("n"), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hostPriorities_largeScoresAndEscapedNames() {
    assertThat(new String(encoder.hostPriorities(new String[] {"a\"b", "é"}, new long[] {123, 7}, 2),
        StandardCharsets.UTF_8)).isEqualTo("[{\"Host\":\"a\\\"b\",\"Score\":123},{\"Host\":\"é\",\"Score\":7}]");
  }
}
