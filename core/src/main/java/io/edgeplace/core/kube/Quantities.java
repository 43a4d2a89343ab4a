package io.edgeplace.core.kube;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Parses Kubernetes quantities and Go durations once, into primitives.
 *
 * <p>Quantities follow the grammar of {@code k8s.io/apimachinery/pkg/api/resource}:
 * <pre>
 *   quantity  ::= sign? number suffix
 *   number    ::= digits | digits "." digits? | "." digits
 *   suffix    ::= "" | n | u | m | k | M | G | T | P | E        (decimal SI)
 *               | Ki | Mi | Gi | Ti | Pi | Ei                   (binary SI)
 *               | ("e" | "E") sign? digits                      (decimal exponent)
 * </pre>
 * Like {@code Quantity.Value()} and {@code MilliValue()}, a fractional result is rounded up:
 * {@code 0.1m} CPU is 1 milli-core, {@code 1.5} bytes is 2. No whitespace is allowed, values are
 * at most 64 characters, negative values and values that do not fit a {@code long} are refused.
 *
 * <p>Bandwidth ({@code kubernetes.io/ingress-bandwidth}, {@code edgeplace.io/uplink-bandwidth})
 * is a plain quantity of bits per second, as the CNI bandwidth plugin reads it: {@code 100M} is
 * 100,000,000 bit/s and {@code 10Mi} is 10,485,760 bit/s.
 *
 * <p>Every method throws {@link InvalidValueException} naming the value and what was expected.
 * The common paths allocate nothing.
 */
public final class Quantities {
  private Quantities() {
  }

  private static final int MAX_LENGTH = 64;
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  static final String QUANTITY_HINT = "expected a Kubernetes quantity: a number with an optional suffix "
      + "(m, k, M, G, T, Ki, Mi, Gi, Ti, or an exponent such as e6)";

  /** CPU in milli-cores: {@code 250m} is 250, {@code 2} is 2000, {@code 1.5} is 1500. */
  public static long milliCpu(String quantity) {
    return parse(quantity, 3, "CPU");
  }

  /** Bytes: {@code 1Gi} is 1,073,741,824, {@code 100M} is 100,000,000, {@code 129e6} is 129,000,000. */
  public static long bytes(String quantity) {
    return parse(quantity, 0, "bytes");
  }

  /** Bits per second: {@code 100M} is 100,000,000, {@code 1G} is 1,000,000,000. */
  public static long bitsPerSecond(String quantity) {
    return parse(quantity, 0, "bits per second");
  }

  /** A plain count, such as the {@code pods} resource ({@code 110}). */
  public static long count(String quantity) {
    return parse(quantity, 0, "count");
  }

  /**
   * The quantity times {@code 10^scale}, rounded up.
   *
   * @param what what the value stands for, for the error message ("CPU", "bytes")
   */
  static long parse(String s, int scale, String what) {
    int n = s.length();
    if (n == 0) {
      throw new InvalidValueException(s, "is empty; " + QUANTITY_HINT);
    }
    if (n > MAX_LENGTH) {
      throw new InvalidValueException(s, "is longer than " + MAX_LENGTH + " characters; " + QUANTITY_HINT);
    }
    int i = 0;
    boolean negative = false;
    char c0 = s.charAt(0);
    if (c0 == '+' || c0 == '-') {
      negative = c0 == '-';
      i++;
    }
    int numberStart = i;
    long mantissa = 0;
    int significant = 0;
    int shift = 0; // decimal exponent contributed by dropped integer digits and by fraction digits
    boolean inexact = false;
    boolean anyDigit = false;
    while (i < n && isDigit(s.charAt(i))) {
      int d = s.charAt(i++) - '0';
      anyDigit = true;
      if (mantissa == 0 && d == 0) {
        continue;
      }
      if (significant < 18) {
        mantissa = mantissa * 10 + d;
        significant++;
      } else {
        shift++;
        inexact |= d != 0;
      }
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        int d = s.charAt(i++) - '0';
        anyDigit = true;
        if (significant < 18) {
          if (mantissa != 0 || d != 0) {
            mantissa = mantissa * 10 + d;
            significant++;
          }
          shift--;
        } else {
          inexact |= d != 0;
        }
      }
    }
    int numberEnd = i;
    if (!anyDigit) {
      throw new InvalidValueException(s, "does not start with a number; " + QUANTITY_HINT);
    }
    int exp10 = 0;
    int exp2 = 0;
    int rest = n - i;
    if (rest > 0) {
      char c = s.charAt(i);
      if (rest == 1) {
        switch (c) {
          case 'n' -> exp10 = -9;
          case 'u' -> exp10 = -6;
          case 'm' -> exp10 = -3;
          case 'k' -> exp10 = 3;
          case 'M' -> exp10 = 6;
          case 'G' -> exp10 = 9;
          case 'T' -> exp10 = 12;
          case 'P' -> exp10 = 15;
          case 'E' -> exp10 = 18;
          default -> throw badSuffix(s, i);
        }
      } else if (rest == 2 && s.charAt(i + 1) == 'i') {
        switch (c) {
          case 'K' -> exp2 = 10;
          case 'M' -> exp2 = 20;
          case 'G' -> exp2 = 30;
          case 'T' -> exp2 = 40;
          case 'P' -> exp2 = 50;
          case 'E' -> exp2 = 60;
          default -> throw badSuffix(s, i);
        }
      } else if (c == 'e' || c == 'E') {
        exp10 = exponent(s, i + 1);
      } else {
        throw badSuffix(s, i);
      }
    }
    if (mantissa == 0 && !inexact) {
      return 0;
    }
    if (negative) {
      throw new InvalidValueException(s, "is negative; " + what + " must be zero or more");
    }
    int total10 = exp10 + scale + shift;
    if (!inexact) {
      if (total10 >= 0) {
        if (total10 <= 18) {
          long r = mantissa;
          long p = POW10[total10];
          if (r <= Long.MAX_VALUE / p) {
            r *= p;
            if (exp2 == 0 || r <= (Long.MAX_VALUE >> exp2)) {
              return r << exp2;
            }
          }
        }
        throw overflow(s, what);
      }
      if (exp2 == 0 || mantissa <= (Long.MAX_VALUE >> exp2)) {
        long num = mantissa << exp2;
        if (total10 < -18) {
          return 1; // a positive value below one unit, rounded up
        }
        long p = POW10[-total10];
        long q = num / p;
        return num % p == 0 ? q : q + 1;
      }
    }
    return slowPath(s, numberStart, numberEnd, exp10 + scale, exp2, what);
  }

  /* Exact arithmetic for more than 18 significant digits or a large binary intermediate; rare. */
  private static long slowPath(String s, int numberStart, int numberEnd, int exp10, int exp2, String what) {
    if (exp10 < -200) {
      return 1;
    }
    if (exp10 > 200) {
      throw overflow(s, what);
    }
    BigDecimal v = new BigDecimal(s.substring(numberStart, numberEnd)).scaleByPowerOfTen(exp10);
    if (exp2 > 0) {
      v = v.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exp2)));
    }
    BigInteger r = v.setScale(0, RoundingMode.CEILING).toBigInteger();
    if (r.bitLength() > 63) {
      throw overflow(s, what);
    }
    return r.longValue();
  }

  private static int exponent(String s, int from) {
    int n = s.length();
    int i = from;
    boolean neg = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    if (i == n) {
      throw badSuffix(s, from - 1);
    }
    int e = 0;
    while (i < n) {
      char c = s.charAt(i++);
      if (!isDigit(c)) {
        throw badSuffix(s, from - 1);
      }
      e = Math.min(e * 10 + (c - '0'), 100_000);
    }
    return neg ? -e : e;
  }

  private static InvalidValueException badSuffix(String s, int at) {
    return new InvalidValueException(s, "has an unknown suffix \"" + s.substring(at) + "\"; " + QUANTITY_HINT);
  }

  private static InvalidValueException overflow(String s, String what) {
    return new InvalidValueException(s, "is too large: as " + what + " it does not fit in a 64-bit integer");
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---- durations ----

  static final String DURATION_HINT = "expected a Go duration such as 40ms, 1.5s, 2m or 1h30m "
      + "(units ns, us, ms, s, m, h)";

  /**
   * A Go duration ({@code time.ParseDuration}): {@code 40ms}, {@code 1.5s}, {@code 2m},
   * {@code 1h30m}; {@code 0} alone needs no unit. Negative durations are refused.
   */
  public static Duration duration(String s) {
    return Duration.ofNanos(durationNanos(s));
  }

  /** {@link #duration} in nanoseconds. */
  public static long durationNanos(String s) {
    int n = s.length();
    if (n == 0) {
      throw new InvalidValueException(s, "is empty; " + DURATION_HINT);
    }
    if (n > MAX_LENGTH) {
      throw new InvalidValueException(s, "is longer than " + MAX_LENGTH + " characters; " + DURATION_HINT);
    }
    int i = 0;
    char c0 = s.charAt(0);
    if (c0 == '+' || c0 == '-') {
      if (c0 == '-' && !isZeroDuration(s, 1)) {
        throw new InvalidValueException(s, "is negative; a duration must be zero or more");
      }
      i++;
    }
    if (n - i == 1 && s.charAt(i) == '0') {
      return 0;
    }
    if (i == n) {
      throw new InvalidValueException(s, "has no number; " + DURATION_HINT);
    }
    long total = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (!(c == '.' || isDigit(c))) {
        throw new InvalidValueException(s, "has no number before \"" + s.substring(i) + "\"; " + DURATION_HINT);
      }
      long v = 0;
      boolean pre = false;
      while (i < n && isDigit(s.charAt(i))) {
        pre = true;
        int d = s.charAt(i++) - '0';
        if (v > (Long.MAX_VALUE - d) / 10) {
          throw durationOverflow(s);
        }
        v = v * 10 + d;
      }
      long f = 0;
      double scale = 1;
      boolean post = false;
      if (i < n && s.charAt(i) == '.') {
        i++;
        while (i < n && isDigit(s.charAt(i))) {
          post = true;
          int d = s.charAt(i++) - '0';
          if (f < 100_000_000_000_000L) {
            f = f * 10 + d;
            scale *= 10;
          }
        }
      }
      if (!pre && !post) {
        throw new InvalidValueException(s, "has a '.' without digits; " + DURATION_HINT);
      }
      int unitStart = i;
      while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      long unit = unitNanos(s, unitStart, i);
      if (v > Long.MAX_VALUE / unit) {
        throw durationOverflow(s);
      }
      v *= unit;
      if (f > 0) {
        v += (long) (f * (unit / scale));
        if (v < 0) {
          throw durationOverflow(s);
        }
      }
      total += v;
      if (total < 0) {
        throw durationOverflow(s);
      }
    }
    return total;
  }

  private static boolean isZeroDuration(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '1' && c <= '9') {
        return false;
      }
    }
    return true;
  }

  private static long unitNanos(String s, int from, int to) {
    int len = to - from;
    if (len == 0) {
      throw new InvalidValueException(s, "has a number without a unit; " + DURATION_HINT);
    }
    char a = s.charAt(from);
    if (len == 1) {
      switch (a) {
        case 's': return 1_000_000_000L;
        case 'm': return 60_000_000_000L;
        case 'h': return 3_600_000_000_000L;
        default: break;
      }
    } else if (len == 2 && s.charAt(from + 1) == 's') {
      switch (a) {
        case 'n': return 1L;
        case 'u', '\u00b5', '\u03bc': return 1_000L;
        case 'm': return 1_000_000L;
        default: break;
      }
    }
    throw new InvalidValueException(s, "has an unknown unit \"" + s.substring(from, to) + "\"; " + DURATION_HINT);
  }

  private static InvalidValueException durationOverflow(String s) {
    return new InvalidValueException(s, "is too long a duration: it does not fit in 64-bit nanoseconds (about 292 years)");
  }
}
