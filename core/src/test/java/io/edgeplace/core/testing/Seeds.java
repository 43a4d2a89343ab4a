package io.edgeplace.core.testing;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

/**
 * Seeds for randomized tests, and a wrapper that names the seed when a check fails.
 *
 * <pre>{@code
 * @ParameterizedTest(name = "seed {0}")
 * @MethodSource("io.edgeplace.core.testing.Seeds#seeds")
 * void invariant(long seed) {
 *   Seeds.check(seed, random -> { ... assertions ... });
 * }
 * }</pre>
 *
 * <p>The seeds are fixed, so a build is reproducible; set {@code -Dedgeplace.seed=N} to run
 * one particular seed (the one a failure printed) first, or {@code -Dedgeplace.seeds=N} to run
 * more of them.
 */
public final class Seeds {

  private Seeds() {
  }

  /** A check that may throw. */
  @FunctionalInterface
  public interface Check {
    void run(RandomGenerator random) throws Exception;
  }

  /** The seeds to run: {@code edgeplace.seed} if set, then {@code edgeplace.seeds} (default 40) fixed ones. */
  public static LongStream seeds() {
    int count = Integer.getInteger("edgeplace.seeds", 40);
    LongStream fixed = LongStream.iterate(0x5EED_0001L, s -> s * 6364136223846793005L + 1442695040888963407L)
        .limit(count);
    String one = System.getProperty("edgeplace.seed");
    return one == null ? fixed : LongStream.concat(LongStream.of(Long.parseLong(one)), fixed);
  }

  /** Runs {@code check} with a generator seeded by {@code seed}; a failure is rethrown naming the seed. */
  public static void check(long seed, Check check) {
    try {
      check.run(new SplittableRandom(seed));
    } catch (Throwable t) {
      String message = "failed with seed " + seed + " (rerun with -Dedgeplace.seed=" + seed + "): " + t.getMessage();
      System.err.println(message);
      AssertionError e = new AssertionError(message, t);
      throw e;
    }
  }
}
