package io.edgeplace.extender.wire;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

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

  @RepeatedTest(50)
  void randomStrings_matchJackson() throws IOException {
    long seed = System.nanoTime();
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

  @RepeatedTest(20)
  void nameFilterWriter_writesWhatFilterResultWrites() {
    long seed = System.nanoTime();
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<String> passed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    WireEncoder.NameFilterWriter w = encoder.nameFilterResult(r.nextInt(3));
    int n = r.nextInt(60);
    for (int i = 0; i < n; i++) {
      String name = "n" + i + randomString(r);
      switch (r.nextInt(3)) {
        case 0 -> {
          passed.add(name);
          w.passed(WireEncoder.quote(name));
        }
        case 1 -> {
          String m = randomString(r);
          failed.put(name, m);
          w.failed(WireEncoder.quote(name), m);
        }
        default -> {
          String m = randomString(r);
          unresolvable.put(name, m);
          w.unresolvable(WireEncoder.quote(name), m);
        }
      }
    }
    assertThat(new String(w.finish(), StandardCharsets.UTF_8)).as("seed %d", seed).isEqualTo(new String(
        encoder.filterResult(new FilterReply(passed, null, failed, unresolvable, "")), StandardCharsets.UTF_8));
  }

  @Test
  void hostPriorities_largeScoresAndEscapedNames() {
    assertThat(new String(encoder.hostPriorities(new String[] {"a\"b", "é"}, new long[] {123, 7}, 2),
        StandardCharsets.UTF_8)).isEqualTo("[{\"Host\":\"a\\\"b\",\"Score\":123},{\"Host\":\"é\",\"Score\":7}]");
  }
}
