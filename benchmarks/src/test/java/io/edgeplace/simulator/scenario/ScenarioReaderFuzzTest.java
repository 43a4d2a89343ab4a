package io.edgeplace.simulator.scenario;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the scenario reader: any text either reads (and, for a fleet small enough to be quick,
 * expands) or is refused with a {@link ScenarioException} whose message is one line. Nothing else
 * may be thrown, and nothing may hang.
 *
 * <p>Fuzz with {@code JAZZER_FUZZ=1 mvn -B -o -pl benchmarks -am verify -Dtest='ScenarioReaderFuzzTest'};
 * without {@code JAZZER_FUZZ} it replays its inputs as a regression test.
 */
class ScenarioReaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void read(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Scenario s;
    try {
      s = ScenarioReader.parse(text);
    } catch (ScenarioException e) {
      String message = e.getMessage();
      if (message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
        throw new AssertionError("not a one-line message: " + message, e);
      }
      return;
    }
    long nodes = s.unitGroups().stream().mapToLong(g -> (long) g.count() * g.nodes()).sum();
    long pods = s.appGroups().stream().mapToLong(g -> (long) g.count() * g.replicas()).sum();
    if (nodes <= 2_000 && pods <= 2_000) {
      ScenarioExpander.expand(s, 1);
    }
  }
}
