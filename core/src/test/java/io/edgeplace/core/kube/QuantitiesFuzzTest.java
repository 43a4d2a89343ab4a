package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzzes the quantity and duration parsers: they either return a value or throw
 * {@link InvalidValueException}, never anything else, and an accepted quantity equals its exact
 * value computed with {@link BigDecimal}. Seeds in {@code QuantitiesFuzzTestInputs/}.
 */
class QuantitiesFuzzTest {

  private static final Pattern GRAMMAR =
      Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([numkMGTPE]|[KMGTPE]i|[eE][+-]?[0-9]+)?");

  @FuzzTest(maxDuration = "60s")
  void quantities(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    long bytes;
    try {
      bytes = Quantities.bytes(text);
    } catch (InvalidValueException e) {
      assertThat(e.value()).isEqualTo(text);
      return;
    }
    assertThat(GRAMMAR.matcher(text).matches()).as("accepted %s", text).isTrue();
    assertThat(bytes).isNotNegative();
    BigInteger exact = exact(text);
    if (exact != null) {
      assertThat(BigInteger.valueOf(bytes)).as("value of %s", text).isEqualTo(exact);
    }
    try {
      long milli = Quantities.milliCpu(text);
      assertThat(milli).isGreaterThanOrEqualTo(bytes);
    } catch (InvalidValueException e) {
      assertThat(e.getMessage()).contains("too large");
    }
  }

  @FuzzTest(maxDuration = "60s")
  void durations(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(Quantities.durationNanos(text)).isNotNegative();
    } catch (InvalidValueException e) {
      assertThat(e.value()).isEqualTo(text);
    }
  }

  /* The exact rounded-up value, or null when the exponent is too large to bother. */
  private static BigInteger exact(String text) {
    String t = text.startsWith("+") || text.startsWith("-") ? text.substring(1) : text;
    int end = 0;
    while (end < t.length() && (Character.isDigit(t.charAt(end)) || t.charAt(end) == '.')) {
      end++;
    }
    BigDecimal v = new BigDecimal(t.substring(0, end).equals(".") ? "0" : t.substring(0, end));
    String suffix = t.substring(end);
    int exp10 = 0;
    int exp2 = 0;
    switch (suffix) {
      case "" -> { }
      case "n" -> exp10 = -9;
      case "u" -> exp10 = -6;
      case "m" -> exp10 = -3;
      case "k" -> exp10 = 3;
      case "M" -> exp10 = 6;
      case "G" -> exp10 = 9;
      case "T" -> exp10 = 12;
      case "P" -> exp10 = 15;
      case "E" -> exp10 = 18;
      case "Ki" -> exp2 = 10;
      case "Mi" -> exp2 = 20;
      case "Gi" -> exp2 = 30;
      case "Ti" -> exp2 = 40;
      case "Pi" -> exp2 = 50;
      case "Ei" -> exp2 = 60;
      default -> {
        String e = suffix.substring(1);
        if (e.replaceFirst("^[+-]", "").length() > 4) {
          return null;
        }
        exp10 = Integer.parseInt(e.startsWith("+") ? e.substring(1) : e);
      }
    }
    return v.scaleByPowerOfTen(exp10).multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exp2)))
        .setScale(0, RoundingMode.CEILING).toBigInteger();
  }
}
