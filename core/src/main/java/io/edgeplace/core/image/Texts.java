package io.edgeplace.core.image;

/**
 * Quoting of outside text for error messages and logs: control and non-ASCII characters escaped,
 * long values cut, so that a hostile registry or reference cannot forge log lines or flood them.
 */
final class Texts {
  private static final int MAX_QUOTED = 200;

  private Texts() {
  }

  /** {@code text} in double quotes, escaped, cut to 200 characters with a note of the full length. */
  static String quote(String text) {
    StringBuilder s = new StringBuilder(Math.min(text.length(), MAX_QUOTED) + 16).append('"');
    int n = Math.min(text.length(), MAX_QUOTED);
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (c < 0x20 || c >= 0x7f) {
            s.append(String.format("\\u%04x", (int) c));
          } else {
            s.append(c);
          }
        }
      }
    }
    s.append('"');
    if (text.length() > MAX_QUOTED) {
      s.append("… (").append(text.length()).append(" characters)");
    }
    return s.toString();
  }
}
