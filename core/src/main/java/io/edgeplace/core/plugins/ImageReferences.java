package io.edgeplace.core.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Container image references as container runtimes spell them.
 *
 * <p>{@code nginx:1.27}, {@code library/nginx:1.27}, {@code docker.io/library/nginx:1.27} and
 * {@code index.docker.io/library/nginx:1.27} name one image: containerd reports the fully
 * qualified form in {@code status.images}, Docker the familiar short one. {@link #normalize}
 * gives the fully qualified form (Docker Hub's {@code docker.io/library/} filled in, a missing
 * tag taken as {@code :latest}, a digest preferred over a tag); {@link #spellings} gives the
 * forms a node may list for it. The input is outside data: nothing here throws.
 */
public final class ImageReferences {
  private static final String DOCKER_HUB = "docker.io";

  private ImageReferences() {
  }

  /**
   * The fully qualified form of {@code reference}. A reference that is not well formed (blank,
   * with blanks or control characters inside, an empty path component, tag or digest) comes back
   * trimmed and otherwise unchanged: it can only match itself.
   */
  public static String normalize(String reference) {
    String[] p = parse(reference);
    return p[0].isEmpty() ? p[1] + p[2] : p[0] + "/" + p[1] + p[2];
  }

  /**
   * The spellings a node's {@code status.images} may use for {@code reference}: the fully
   * qualified form first, then for Docker Hub the forms without {@code docker.io/} and without
   * {@code library/}.
   */
  public static List<String> spellings(String reference) {
    String[] p = parse(reference);
    List<String> out = new ArrayList<>(3);
    if (p[0].isEmpty()) {
      out.add(p[1] + p[2]);
      return out;
    }
    String full = p[0] + "/" + p[1] + p[2];
    out.add(full);
    if (p[0].equals(DOCKER_HUB)) {
      addIfSame(out, p[1] + p[2], full);
      if (p[1].startsWith("library/")) {
        addIfSame(out, p[1].substring("library/".length()) + p[2], full);
      }
    }
    return out;
  }

  /* A short form counts only if it reads back as the same image ("docker.io/Foo/x" is not "Foo/x"). */
  private static void addIfSame(List<String> out, String spelling, String full) {
    if (normalize(spelling).equals(full)) {
      out.add(spelling);
    }
  }

  /* {domain, path, ":tag" or "@digest"}; domain empty (and path the trimmed input) when not well formed. */
  private static String[] parse(String reference) {
    String r = reference.trim();
    String[] verbatim = {"", r, ""};
    if (r.isEmpty()) {
      return verbatim;
    }
    for (int i = 0; i < r.length(); i++) {
      char c = r.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return verbatim;
      }
    }
    String suffix;
    String name;
    int at = r.indexOf('@');
    if (at >= 0) {
      suffix = r.substring(at);
      name = r.substring(0, at);
      int slash = name.lastIndexOf('/');
      int colon = name.lastIndexOf(':');
      if (colon > slash) {
        name = name.substring(0, colon);
      }
    } else {
      int slash = r.lastIndexOf('/');
      int colon = r.lastIndexOf(':');
      if (colon > slash) {
        suffix = r.substring(colon);
        name = r.substring(0, colon);
      } else {
        suffix = ":latest";
        name = r;
      }
    }
    if (name.isEmpty() || suffix.length() < 2 || name.startsWith("/") || name.endsWith("/") || name.contains("//")
        || suffix.indexOf('@', 1) >= 0 || suffix.indexOf('/') >= 0
        || name.indexOf(':', name.lastIndexOf('/') + 1) >= 0) {
      return verbatim;
    }
    String domain;
    String path;
    int first = name.indexOf('/');
    String head = first < 0 ? "" : name.substring(0, first);
    if (first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost")
        || !head.equals(head.toLowerCase(Locale.ROOT)))) {
      domain = head;
      path = name.substring(first + 1);
    } else {
      domain = DOCKER_HUB;
      path = name;
    }
    if (domain.equals("index.docker.io") || domain.equals("registry-1.docker.io")) {
      domain = DOCKER_HUB;
    }
    if (domain.equals(DOCKER_HUB) && path.indexOf('/') < 0) {
      path = "library/" + path;
    }
    return new String[] {domain, path, suffix};
  }
}
