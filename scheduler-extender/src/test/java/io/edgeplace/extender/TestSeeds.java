package io.edgeplace.extender;

import java.util.stream.LongStream;

/**
 * Fixed seeds for the randomized tests, so that a build is reproducible and a failure (whose
 * message names its seed) can be run again: {@code -Dedgeplace.seed=N} runs seed N first.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "seed {0}")
 * @MethodSource("io.edgeplace.extender.TestSeeds#seeds")
 * void invariant(long seed) { ... }
 * }</pre>
 */
public final class TestSeeds {
  private TestSeeds() {
  }

  /** {@code edgeplace.seed} if set, then 40 fixed seeds. */
  public static LongStream seeds() {
    LongStream fixed = LongStream.range(0, 40).map(i -> 0x5eed_1000L + i * 104_729);
    String one = System.getProperty("edgeplace.seed");
    return one == null ? fixed : LongStream.concat(LongStream.of(Long.parseLong(one)), fixed);
  }
}
