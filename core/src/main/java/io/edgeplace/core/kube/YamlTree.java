package io.edgeplace.core.kube;

import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/*
 * YAML documents into plain maps, lists and scalars, built from snakeyaml-engine's event stream
 * with an explicit stack, so that hostile input is bounded: nesting depth, alias count (no
 * "billion laughs"), no recursive aliases, no duplicate or non-scalar keys.
 *
 * Scalars: plain null/~/empty -> null, plain true/false -> Boolean, plain decimal integers of up
 * to 18 digits -> Long, everything else (floats included) stays the String it was written as, so
 * that "1.10" keeps its text; Jackson coerces strings into the numeric fields of the model.
 */
final class YamlTree {
  private YamlTree() {
  }

  /** A malformed document; {@code line} is 1-based, 0 when unknown. */
  static final class YamlException extends Exception {
    private static final long serialVersionUID = 1L;
    final int line;

    YamlException(String message, int line) {
      super(message);
      this.line = line;
    }
  }

  private static final Object NULL = new Object();

  private static final class Frame {
    final Object container;
    final int line;
    @Nullable String key;
    int keyLine;
    long size = 1; // nodes in this collection with every alias expanded
    boolean anchored;

    Frame(Object container, int line) {
      this.container = container;
      this.line = line;
    }
  }

  static List<@Nullable Object> documents(byte[] bytes, int maxDepth, int maxAliases) throws YamlException {
    LoadSettings settings = LoadSettings.builder()
        .setCodePointLimit(Math.max(bytes.length, 1) + 16)
        .setUseMarks(true)
        .build();
    List<@Nullable Object> docs = new ArrayList<>();
    ArrayDeque<Frame> stack = new ArrayDeque<>();
    Map<String, Object> anchors = new HashMap<>();
    Map<Object, Boolean> open = new IdentityHashMap<>();
    Map<Object, Long> sizes = new IdentityHashMap<>();
    long maxExpanded = bytes.length + 10_000L;
    int aliases = 0;
    try {
      for (Event ev : new Parse(settings).parseInputStream(new ByteArrayInputStream(bytes))) {
        int line = line(ev);
        switch (ev.getEventId()) {
          case DocumentStart -> anchors.clear();
          case Scalar -> {
            ScalarEvent s = (ScalarEvent) ev;
            Frame top = stack.peek();
            if (top != null && top.container instanceof Map && top.key == null) {
              if (s.getAnchor().isPresent()) {
                throw new YamlException("an anchor on a mapping key is not supported", line);
              }
              top.key = s.getValue();
              top.keyLine = line;
              continue;
            }
            Object v = scalar(s);
            anchor(anchors, s, v == null ? NULL : v);
            add(docs, stack, v, 1, maxExpanded, line);
          }
          case Alias -> {
            Anchor a = ((AliasEvent) ev).getAlias();
            Object target = anchors.get(a.getValue());
            if (target == null) {
              throw new YamlException("alias *" + a.getValue() + " refers to no anchor", line);
            }
            if (open.containsKey(target)) {
              throw new YamlException("alias *" + a.getValue() + " refers to a collection that contains it", line);
            }
            Frame top = stack.peek();
            if (top != null && top.container instanceof Map && top.key == null) {
              throw new YamlException("an alias as a mapping key is not supported", line);
            }
            if ((target instanceof Map || target instanceof List) && ++aliases > maxAliases) {
              throw new YamlException("more than " + maxAliases + " aliases to collections", line);
            }
            Long size = sizes.get(target);
            add(docs, stack, target == NULL ? null : target, size == null ? 1 : size, maxExpanded, line);
          }
          case SequenceStart, MappingStart -> {
            Frame top = stack.peek();
            if (top != null && top.container instanceof Map && top.key == null) {
              throw new YamlException("a mapping or sequence as a mapping key is not supported", line);
            }
            if (stack.size() >= maxDepth) {
              throw new YamlException("nesting deeper than " + maxDepth + " levels", line);
            }
            Object c = ev.getEventId() == Event.ID.MappingStart ? new LinkedHashMap<String, Object>() : new ArrayList<>();
            anchor(anchors, (NodeEvent) ev, c);
            open.put(c, Boolean.TRUE);
            Frame f = new Frame(c, line);
            f.anchored = ((NodeEvent) ev).getAnchor().isPresent();
            stack.push(f);
          }
          case SequenceEnd, MappingEnd -> {
            Frame done = stack.pop();
            open.remove(done.container);
            if (done.anchored) {
              sizes.put(done.container, done.size);
            }
            add(docs, stack, done.container, done.size, maxExpanded, line);
          }
          default -> {
          }
        }
      }
    } catch (YamlEngineException e) {
      String msg = String.valueOf(e.getMessage());
      throw new YamlException("is not valid YAML: " + msg.replace('\n', ' ').replaceAll(" +", " ").trim(), 0);
    }
    return docs;
  }

  private static void anchor(Map<String, Object> anchors, NodeEvent ev, Object value) {
    Optional<Anchor> a = ev.getAnchor();
    a.ifPresent(anchor -> anchors.put(anchor.getValue(), value));
  }

  @SuppressWarnings("unchecked")
  private static void add(List<@Nullable Object> docs, ArrayDeque<Frame> stack, @Nullable Object v, long size,
                          long maxExpanded, int line) throws YamlException {
    Frame top = stack.peek();
    if (top != null) {
      top.size += size;
      if (top.size > maxExpanded) {
        throw new YamlException("aliases expand the document to more than " + maxExpanded
            + " nodes; Maybe the file is an alias bomb?", line);
      }
    }
    if (top == null) {
      docs.add(v);
    } else if (top.container instanceof List) {
      ((List<@Nullable Object>) top.container).add(v);
    } else {
      Map<String, @Nullable Object> map = (Map<String, @Nullable Object>) top.container;
      String key = top.key;
      if (key == null) {
        throw new YamlException("a mapping key is missing", top.line);
      }
      if (map.containsKey(key)) {
        throw new YamlException("key \"" + key + "\" appears twice in one mapping", top.keyLine);
      }
      map.put(key, v);
      top.key = null;
    }
  }

  private static int line(Event ev) {
    Optional<Mark> m = ev.getStartMark();
    return m.map(mark -> mark.getLine() + 1).orElse(0);
  }

  private static @Nullable Object scalar(ScalarEvent s) {
    String v = s.getValue();
    Optional<String> tag = s.getTag();
    if (tag.isPresent() && !tag.get().equals("!")) {
      String t = tag.get();
      if (t.equals("tag:yaml.org,2002:null")) {
        return null;
      }
      if (t.equals("tag:yaml.org,2002:bool")) {
        return bool(v);
      }
      return v; // !!str, !!int, !!float and unknown tags keep their text
    }
    if (!s.isPlain()) {
      return v;
    }
    switch (v) {
      case "", "~", "null", "Null", "NULL":
        return null;
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      default:
        break;
    }
    return isSmallInteger(v) ? Long.parseLong(v) : v;
  }

  private static Object bool(String v) {
    return switch (v) {
      case "true", "True", "TRUE" -> Boolean.TRUE;
      case "false", "False", "FALSE" -> Boolean.FALSE;
      default -> v;
    };
  }

  private static boolean isSmallInteger(String v) {
    int n = v.length();
    int i = n > 0 && (v.charAt(0) == '-' || v.charAt(0) == '+') ? 1 : 0;
    if (n - i < 1 || n - i > 18) {
      return false;
    }
    if (v.charAt(i) == '0' && n - i > 1) {
      return false; // leading zeros: keep the text
    }
    for (; i < n; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
