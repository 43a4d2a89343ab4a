package io.edgeplace.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random edits of a valid scenario (characters dropped, swapped or inserted, lines cut or
 * repeated): each edited file either reads and expands, or is refused with a
 * {@link ScenarioException} whose message is one line. Nothing else may be thrown.
 */
class ScenarioMutationTest {
  private static final String[] INSERTS = {"-", ":", "{", "}", "[", "]", " ", "\n", "0", "99999999999999999999",
      "{i}", "&a", "*a", "!!binary ", "\t", "\"", "'", "M", "Gi", "m", "#", "~", "null", "true", "-1", ".5"};

  static long[] seeds() {
    long[] seeds = new long[300];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = 0x5eed0000L + i;
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void anEditedScenario_readsOrIsRefusedOnOneLine(long seed) {
    RandomGenerator rnd = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    StringBuilder text = new StringBuilder(ScenarioReaderTest.GOOD);
    int edits = 1 + rnd.nextInt(4);
    for (int e = 0; e < edits; e++) {
      int at = rnd.nextInt(text.length());
      switch (rnd.nextInt(4)) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, INSERTS[rnd.nextInt(INSERTS.length)]);
        case 2 -> {
          int other = rnd.nextInt(text.length());
          char c = text.charAt(at);
          text.setCharAt(at, text.charAt(other));
          text.setCharAt(other, c);
        }
        default -> {
          int start = text.lastIndexOf("\n", at) + 1;
          int end = text.indexOf("\n", at);
          String line = text.substring(start, end < 0 ? text.length() : end + 1);
          if (rnd.nextBoolean()) {
            text.delete(start, start + line.length());
          } else {
            text.insert(start, line);
          }
        }
      }
    }
    String edited = text.toString();
    try {
      Scenario s = ScenarioReader.parse(edited);
      ScenarioInstance inst = ScenarioExpander.expand(s, seed);
      assertThat(inst.nodes()).isNotEmpty();
    } catch (ScenarioException e) {
      assertThat(e.getMessage()).as("seed %d, scenario:%n%s", seed, edited).doesNotContain("\n", "\r").isNotBlank();
    }
  }
}
