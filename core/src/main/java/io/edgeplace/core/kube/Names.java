package io.edgeplace.core.kube;

/* Kubernetes name syntax checks, without regular expressions. */
final class Names {
  private Names() {
  }

  /** A label value: empty, or up to 63 of [A-Za-z0-9-_.] starting and ending alphanumeric. */
  static boolean isLabelValue(String v) {
    int n = v.length();
    if (n == 0) {
      return true;
    }
    if (n > 63 || !isAlnum(v.charAt(0)) || !isAlnum(v.charAt(n - 1))) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = v.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == '_' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** A label key: an optional DNS subdomain prefix and '/', then a non-empty label-value-like name. */
  static boolean isLabelKey(String k) {
    int slash = k.indexOf('/');
    String name = slash < 0 ? k : k.substring(slash + 1);
    if (name.isEmpty() || !isLabelValue(name)) {
      return false;
    }
    if (slash < 0) {
      return true;
    }
    String prefix = k.substring(0, slash);
    if (prefix.isEmpty() || prefix.length() > 253) {
      return false;
    }
    for (String part : prefix.split("\\.", -1)) {
      if (!isDnsLabel(part)) {
        return false;
      }
    }
    return true;
  }

  /** A DNS label: 1-63 of [a-z0-9-], starting and ending alphanumeric. */
  static boolean isDnsLabel(String s) {
    int n = s.length();
    if (n == 0 || n > 63) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0 && i < n - 1);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
