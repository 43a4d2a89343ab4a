package io.edgeplace.core.plugins;

import java.util.Locale;

/* Human-readable figures for rejection messages and explanations (never on the passing path). */
final class Format {
  private Format() {
  }

  /** {@code 30 Mbit/s}, {@code 1.5 Gbit/s}, {@code 800 kbit/s}; decimal units as in Kubernetes quantities. */
  static String bits(long bitsPerSecond) {
    if (bitsPerSecond >= 1_000_000_000L) {
      return scaled(bitsPerSecond, 1e9) + " Gbit/s";
    }
    if (bitsPerSecond >= 1_000_000L) {
      return scaled(bitsPerSecond, 1e6) + " Mbit/s";
    }
    if (bitsPerSecond >= 1_000L) {
      return scaled(bitsPerSecond, 1e3) + " kbit/s";
    }
    return bitsPerSecond + " bit/s";
  }

  /** {@code 180 MB} (binary multiples, as container tools print image sizes). */
  static String bytes(long bytes) {
    if (bytes >= 1L << 30) {
      return scaled(bytes, 1L << 30) + " GB";
    }
    if (bytes >= 1L << 20) {
      return scaled(bytes, 1L << 20) + " MB";
    }
    if (bytes >= 1L << 10) {
      return scaled(bytes, 1L << 10) + " kB";
    }
    return bytes + " B";
  }

  /** {@code 45s}, {@code 2m10s}, {@code 1h5m}, {@code 3d4h}. */
  static String duration(long millis) {
    long s = Math.max(0, millis) / 1000;
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 86400) {
      return (s / 3600) + "h" + ((s % 3600) / 60 == 0 ? "" : ((s % 3600) / 60) + "m");
    }
    return (s / 86400) + "d" + ((s % 86400) / 3600 == 0 ? "" : ((s % 86400) / 3600) + "h");
  }

  private static String scaled(long value, double unit) {
    double v = value / unit;
    if (Math.abs(v - Math.rint(v)) < 0.05 || v >= 100) {
      return Long.toString(Math.round(v));
    }
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
