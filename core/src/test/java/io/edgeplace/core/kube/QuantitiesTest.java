package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

  static Stream<Arguments> cpu() {
    return Stream.of(
        Arguments.of("milli-cores are read as they are", "250m", 250L),
        Arguments.of("whole cores are a thousand milli-cores each", "2", 2000L),
        Arguments.of("a fraction of a core is scaled exactly", "1.5", 1500L),
        Arguments.of("a leading dot is a fraction", ".5", 500L),
        Arguments.of("a trailing dot is a whole number", "3.", 3000L),
        Arguments.of("a value below one milli-core rounds up, as MilliValue does", "0.0001", 1L),
        Arguments.of("nano-cores round up to a milli-core", "1n", 1L),
        Arguments.of("a million micro-cores is one core", "1000000u", 1000L),
        Arguments.of("a decimal exponent scales the number", "1e3", 1_000_000L),
        Arguments.of("a negative exponent shrinks the number", "5e-1", 500L),
        Arguments.of("a plus sign is allowed", "+2", 2000L),
        Arguments.of("zero is zero", "0", 0L),
        Arguments.of("negative zero is zero", "-0", 0L),
        Arguments.of("kilo-cores are a million milli-cores", "1k", 1_000_000L),
        Arguments.of("many fraction digits beyond eighteen still round up", "0.0000000000000000000001", 1L),
        Arguments.of("an exact fraction does not round up", "0.250", 250L));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource
  void cpu(String sentence, String text, long expected) {
    assertThat(Quantities.milliCpu(text)).isEqualTo(expected);
  }

  static Stream<Arguments> bytes() {
    return Stream.of(
        Arguments.of("a binary gibibyte is two to the thirtieth", "1Gi", 1L << 30),
        Arguments.of("a decimal megabyte is a million", "100M", 100_000_000L),
        Arguments.of("a fractional gigabyte is exact", "1.5G", 1_500_000_000L),
        Arguments.of("a plain number is bytes", "128974848", 128_974_848L),
        Arguments.of("a decimal exponent is a power of ten", "129e6", 129_000_000L),
        Arguments.of("an upper-case exponent is a power of ten too", "129E6", 129_000_000L),
        Arguments.of("mebibytes are two to the twentieth", "123Mi", 123L << 20),
        Arguments.of("kibibytes are 1024", "1Ki", 1024L),
        Arguments.of("a lone E is exa, not an exponent", "1E", 1_000_000_000_000_000_000L),
        Arguments.of("exbibytes that fit in a long are exact", "7Ei", 7L << 60),
        Arguments.of("a fraction of a byte rounds up, as Value does", "1.5", 2L),
        Arguments.of("milli-bytes round up to a byte", "100m", 1L),
        Arguments.of("the largest long is read exactly", "9223372036854775807", Long.MAX_VALUE),
        Arguments.of("nineteen significant digits with a fraction round up exactly", "9223372036854775806.5",
            Long.MAX_VALUE),
        Arguments.of("a fractional binary suffix is exact", "0.5Ki", 512L),
        Arguments.of("a tiny fraction of a binary unit rounds up", "0.001Ki", 2L),
        Arguments.of("terabytes", "2T", 2_000_000_000_000L),
        Arguments.of("tebibytes", "2Ti", 2L << 40),
        Arguments.of("petabytes", "1P", 1_000_000_000_000_000L),
        Arguments.of("pebibytes", "1Pi", 1L << 50));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource
  void bytes(String sentence, String text, long expected) {
    assertThat(Quantities.bytes(text)).isEqualTo(expected);
  }

  static Stream<Arguments> bandwidth() {
    return Stream.of(
        Arguments.of("100M is a hundred million bits per second", "100M", 100_000_000L),
        Arguments.of("1G is a billion bits per second", "1G", 1_000_000_000L),
        Arguments.of("10Mi is a binary quantity of bits per second", "10Mi", 10L << 20),
        Arguments.of("a fractional megabit is exact", "2.5M", 2_500_000L),
        Arguments.of("kilobits", "64k", 64_000L));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource
  void bandwidth(String sentence, String text, long expected) {
    assertThat(Quantities.bitsPerSecond(text)).isEqualTo(expected);
  }

  static Stream<Arguments> badQuantities() {
    return Stream.of(
        Arguments.of("an empty value is refused", "", "is empty"),
        Arguments.of("a negative value is refused", "-1", "is negative"),
        Arguments.of("a negative binary value is refused", "-1Gi", "is negative"),
        Arguments.of("a unit spelled out is refused", "100MB", "unknown suffix \"MB\""),
        Arguments.of("a lower-case binary suffix is refused", "1gi", "unknown suffix \"gi\""),
        Arguments.of("a lone lower-case e is not an exponent", "1e", "unknown suffix \"e\""),
        Arguments.of("an exponent without digits is refused", "1e+", "unknown suffix \"e+\""),
        Arguments.of("a fractional exponent is refused", "1e1.5", "unknown suffix"),
        Arguments.of("whitespace is refused", " 1", "does not start with a number"),
        Arguments.of("trailing whitespace is refused", "1 ", "unknown suffix \" \""),
        Arguments.of("a lone dot is refused", ".", "does not start with a number"),
        Arguments.of("a lone sign is refused", "+", "does not start with a number"),
        Arguments.of("two dots are refused", "1.2.3", "unknown suffix \".3\""),
        Arguments.of("words are refused", "fast", "does not start with a number"),
        Arguments.of("a value beyond a long overflows", "9223372036854775808", "too large"),
        Arguments.of("eight exbibytes overflow", "8Ei", "too large"),
        Arguments.of("a huge exponent overflows without hanging", "1e999999999", "too large"),
        Arguments.of("a long value is refused", "1".repeat(65), "longer than 64"));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource
  void badQuantities(String sentence, String text, String expectedMessage) {
    assertThatThrownBy(() -> Quantities.bytes(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining(expectedMessage)
        .hasMessageContaining(InvalidValueException.quote(text))
        .satisfies(e -> assertThat(((InvalidValueException) e).value()).isEqualTo(text));
  }

  @ParameterizedTest(name = "a CPU of {0} milli-cores overflows")
  @ValueSource(strings = {"9223372036854775807", "10E", "9223372036854776"})
  void cpuOverflow(String text) {
    assertThatThrownBy(() -> Quantities.milliCpu(text)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("too large").hasMessageContaining("CPU");
  }

  /* The fast path and BigDecimal agree on random decimal quantities; prints its seed on failure. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1L, 2L, 3L, 42L, 20261125L})
  void randomQuantities_agreeWithExactArithmetic(long seed) {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    String[] suffixes = {"", "m", "k", "M", "G", "Ki", "Mi", "Gi", "e3", "e-2", "n", "u"};
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int intDigits = r.nextInt(0, 12);
      for (int d = 0; d < intDigits; d++) {
        sb.append((char) ('0' + r.nextInt(10)));
      }
      if (intDigits == 0 || r.nextBoolean()) {
        sb.append('.');
        int frac = r.nextInt(1, 12);
        for (int d = 0; d < frac; d++) {
          sb.append((char) ('0' + r.nextInt(10)));
        }
      }
      String suffix = suffixes[r.nextInt(suffixes.length)];
      String text = sb + suffix;
      java.math.BigInteger exact = exact(sb.toString(), suffix).setScale(0, RoundingMode.CEILING).toBigInteger();
      if (exact.bitLength() > 63) {
        assertThatThrownBy(() -> Quantities.bytes(text)).as("seed %d: %s", seed, text)
            .hasMessageContaining("too large");
      } else {
        assertThat(Quantities.bytes(text)).as("seed %d: %s", seed, text).isEqualTo(exact.longValueExact());
      }
    }
  }

  private static BigDecimal exact(String number, String suffix) {
    BigDecimal v = new BigDecimal(number);
    return switch (suffix) {
      case "" -> v;
      case "m" -> v.scaleByPowerOfTen(-3);
      case "u" -> v.scaleByPowerOfTen(-6);
      case "n" -> v.scaleByPowerOfTen(-9);
      case "k", "e3" -> v.scaleByPowerOfTen(3);
      case "M" -> v.scaleByPowerOfTen(6);
      case "G" -> v.scaleByPowerOfTen(9);
      case "e-2" -> v.scaleByPowerOfTen(-2);
      case "Ki" -> v.multiply(BigDecimal.valueOf(1L << 10));
      case "Mi" -> v.multiply(BigDecimal.valueOf(1L << 20));
      case "Gi" -> v.multiply(BigDecimal.valueOf(1L << 30));
      default -> throw new IllegalArgumentException(suffix);
    };
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("milliseconds", "40ms", Duration.ofMillis(40)),
        Arguments.of("fractional seconds", "1.5s", Duration.ofMillis(1500)),
        Arguments.of("minutes", "2m", Duration.ofMinutes(2)),
        Arguments.of("hours and minutes together", "1h30m", Duration.ofMinutes(90)),
        Arguments.of("a bare zero needs no unit", "0", Duration.ZERO),
        Arguments.of("microseconds with us", "250us", Duration.ofNanos(250_000)),
        Arguments.of("microseconds with the micro sign", "250\u00b5s", Duration.ofNanos(250_000)),
        Arguments.of("microseconds with the Greek mu", "250\u03bcs", Duration.ofNanos(250_000)),
        Arguments.of("nanoseconds", "7ns", Duration.ofNanos(7)),
        Arguments.of("a leading dot is a fraction", ".5s", Duration.ofMillis(500)),
        Arguments.of("a plus sign is allowed", "+3s", Duration.ofSeconds(3)),
        Arguments.of("negative zero is zero", "-0s", Duration.ZERO),
        Arguments.of("units may repeat, as in Go", "1s1s", Duration.ofSeconds(2)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource
  void durations(String sentence, String text, Duration expected) {
    assertThat(Quantities.duration(text)).isEqualTo(expected);
  }

  static Stream<Arguments> badDurations() {
    return Stream.of(
        Arguments.of("an empty duration is refused", "", "is empty"),
        Arguments.of("a number without a unit is refused", "40", "without a unit"),
        Arguments.of("an unknown unit is refused", "40d", "unknown unit \"d\""),
        Arguments.of("a negative duration is refused", "-40ms", "is negative"),
        Arguments.of("a lone dot is refused", ".s", "without digits"),
        Arguments.of("a unit without a number is refused", "ms", "no number"),
        Arguments.of("an overflowing duration is refused", "9999999999999h", "too long"),
        Arguments.of("whitespace is refused", "40 ms", "unknown unit \" ms\""));
  }

  @ParameterizedTest(name = "{0}: \"{1}\"")
  @MethodSource
  void badDurations(String sentence, String text, String expectedMessage) {
    assertThatThrownBy(() -> Quantities.duration(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessageContaining(expectedMessage)
        .hasMessageContaining(InvalidValueException.quote(text));
  }
}
