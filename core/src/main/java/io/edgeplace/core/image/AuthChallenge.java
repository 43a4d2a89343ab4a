package io.edgeplace.core.image;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 7235), such as
 * {@code Bearer realm="https://auth.example/token",service="registry.example",scope="repository:x:pull"}.
 *
 * @param scheme the scheme, lower case ({@code bearer}, {@code basic})
 * @param params the parameters by lower-case name, quoted strings unescaped
 */
record AuthChallenge(String scheme, Map<String, String> params) {

  private static final int MAX_HEADER = 8192;
  private static final int MAX_PARAMS = 32;

  AuthChallenge {
    params = Map.copyOf(params);
  }

  @Nullable String param(String name) {
    return params.get(name);
  }

  /**
   * The challenges of one header value, in order. Malformed parts end the parse: what was read
   * before them is returned, so a sloppy header still yields its scheme and realm. Never throws.
   */
  static List<AuthChallenge> parse(String header) {
    List<AuthChallenge> challenges = new ArrayList<>(2);
    if (header.length() > MAX_HEADER) {
      return challenges;
    }
    Cursor c = new Cursor(header);
    while (true) {
      c.skip(", \t");
      String scheme = c.token();
      if (scheme.isEmpty()) {
        return challenges;
      }
      Map<String, String> params = new LinkedHashMap<>();
      boolean more = readParams(c, params);
      challenges.add(new AuthChallenge(scheme.toLowerCase(Locale.ROOT), params));
      if (!more) {
        return challenges;
      }
    }
  }

  /** Reads auth-params; returns whether another challenge may follow. */
  private static boolean readParams(Cursor c, Map<String, String> params) {
    while (params.size() < MAX_PARAMS) {
      int start = c.pos;
      c.skip(" \t");
      String name = c.token();
      c.skip(" \t");
      if (name.isEmpty() || !c.peek('=')) {
        // not a parameter: a token68 or nothing; another challenge may follow a comma
        c.pos = start;
        return c.skipPast(',');
      }
      c.pos++; // '='
      c.skip(" \t");
      String value;
      if (c.peek('"')) {
        value = c.quoted();
        if (value == null) {
          return false;
        }
      } else {
        value = c.token();
      }
      params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
      c.skip(" \t");
      if (!c.peek(',')) {
        return false;
      }
      c.pos++;
      // a parameter or the next challenge's scheme follows the comma
      int afterComma = c.pos;
      c.skip(", \t");
      String next = c.token();
      c.skip(" \t");
      boolean isParam = !next.isEmpty() && c.peek('=') && !c.peekAt(1, '=');
      c.pos = afterComma;
      if (!isParam) {
        return true;
      }
    }
    return false;
  }

  private static final class Cursor {
    private final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean peek(char ch) {
      return pos < s.length() && s.charAt(pos) == ch;
    }

    boolean peekAt(int offset, char ch) {
      return pos + offset < s.length() && s.charAt(pos + offset) == ch;
    }

    void skip(String chars) {
      while (pos < s.length() && chars.indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
    }

    /** Moves past the next {@code ch}; returns false (at the end) when there is none. */
    boolean skipPast(char ch) {
      int i = s.indexOf(ch, pos);
      pos = i < 0 ? s.length() : i + 1;
      return i >= 0;
    }

    /** An RFC 7230 token (letters, digits and {@code !#$%&'*+-.^_`|~}); possibly empty. */
    String token() {
      int start = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** A quoted string starting at {@code pos}, unescaped; null when it never closes. */
    @Nullable String quoted() {
      StringBuilder value = new StringBuilder();
      pos++; // opening quote
      while (pos < s.length()) {
        char ch = s.charAt(pos++);
        if (ch == '"') {
          return value.toString();
        }
        if (ch == '\\' && pos < s.length()) {
          ch = s.charAt(pos++);
        }
        value.append(ch);
      }
      return null;
    }

    private static boolean isTokenChar(char ch) {
      return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
    }
  }
}
