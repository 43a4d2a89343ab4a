package io.edgeplace.simulator.scenario;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the quantities a scenario file is written in: Kubernetes resource quantities
 * ({@code 250m}, {@code 2}, {@code 1.5G}, {@code 512Mi}) and Go-style durations ({@code 40ms},
 * {@code 10s}, {@code 2m30s}). Every method answers an {@link IllegalArgumentException} whose
 * message says what was expected; the caller adds the field path.
 */
final class Quantities {
  private Quantities() {
  }

  private static final Pattern QUANTITY =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
  private static final Map<String, BigDecimal> SUFFIX = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("m", new BigDecimal("0.001")),
      Map.entry("k", BigDecimal.TEN.pow(3)),
      Map.entry("M", BigDecimal.TEN.pow(6)),
      Map.entry("G", BigDecimal.TEN.pow(9)),
      Map.entry("T", BigDecimal.TEN.pow(12)),
      Map.entry("P", BigDecimal.TEN.pow(15)),
      Map.entry("E", BigDecimal.TEN.pow(18)),
      Map.entry("Ki", BigDecimal.valueOf(2).pow(10)),
      Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
      Map.entry("Gi", BigDecimal.valueOf(2).pow(30)),
      Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
      Map.entry("Pi", BigDecimal.valueOf(2).pow(50)),
      Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

  private static final Pattern DURATION_PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|µs|ms|s|m|h)");

  /** A quantity as a decimal number of base units ({@code 1.5G} is 1.5e9, {@code 250m} is 0.25). */
  static BigDecimal quantity(String text) {
    Matcher m = QUANTITY.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("expected a Kubernetes quantity such as 250m, 2, 1.5G or 512Mi");
    }
    return new BigDecimal(m.group(1)).multiply(SUFFIX.get(m.group(2) == null ? "" : m.group(2)));
  }

  /** A whole amount of base units (bytes, bits/s), rounded up, below {@link Long#MAX_VALUE}. */
  static long whole(String text) {
    BigDecimal v = quantity(text).setScale(0, RoundingMode.CEILING);
    if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) >= 0) {
      throw new IllegalArgumentException("is too large");
    }
    return v.longValueExact();
  }

  /** CPU in millicores ({@code 250m} is 250, {@code 2} is 2000), rounded up. */
  static long milliCpu(String text) {
    BigDecimal v = quantity(text).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
    if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) >= 0) {
      throw new IllegalArgumentException("is too large");
    }
    return v.longValueExact();
  }

  /** A Go-style duration: one or more number-unit pairs, units ns, us, ms, s, m, h. */
  static Duration duration(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = DURATION_PART.matcher(t);
    int at = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (at < t.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("expected a duration such as 40ms, 10s, 5m or 1h30m");
      }
      BigDecimal unit = switch (m.group(2)) {
        case "ns" -> BigDecimal.ONE;
        case "us", "µs" -> BigDecimal.valueOf(1_000);
        case "ms" -> BigDecimal.valueOf(1_000_000);
        case "s" -> BigDecimal.valueOf(1_000_000_000L);
        case "m" -> BigDecimal.valueOf(60_000_000_000L);
        default -> BigDecimal.valueOf(3_600_000_000_000L);
      };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
      at = m.end();
    }
    if (at == 0) {
      throw new IllegalArgumentException("expected a duration such as 40ms, 10s, 5m or 1h30m");
    }
    if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("is too long");
    }
    return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }
}
