package io.edgeplace.extender.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes extender replies as Go's {@code encoding/json} writes the upstream types: Go field
 * names, every field present, a nil pointer, slice or map as {@code null}, an empty Go string
 * as {@code ""}. Node objects are echoed as the bytes they came in.
 *
 * <p>Thread-safe; each call returns a fresh byte array.
 */
public final class WireEncoder {
  private final JsonFactory factory = JsonFactory.builder().build();

  /** Writes with a generator into a byte array. */
  public byte[] write(JsonWriter writer) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
      try (JsonGenerator g = factory.createGenerator(out)) {
        writer.write(g);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a reply to memory failed", e);
    }
  }

  /** {@code ExtenderFilterResult}. */
  public byte[] filterResult(FilterReply reply) {
    return write(g -> {
      g.writeStartObject();
      g.writeFieldName("Nodes");
      List<ExtenderArgs.NodeItem> nodes = reply.nodes();
      if (nodes == null) {
        g.writeNull();
      } else {
        // a NodeList as Go writes it: empty TypeMeta omitted, empty ListMeta as {}
        g.writeStartObject();
        g.writeFieldName("metadata");
        g.writeStartObject();
        g.writeEndObject();
        g.writeArrayFieldStart("items");
        for (ExtenderArgs.NodeItem n : nodes) {
          g.writeRawValue(n.json().text());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeFieldName("NodeNames");
      List<String> names = reply.nodeNames();
      if (names == null) {
        g.writeNull();
      } else {
        g.writeStartArray();
        for (int i = 0, n = names.size(); i < n; i++) {
          g.writeString(names.get(i));
        }
        g.writeEndArray();
      }
      writeMap(g, "FailedNodes", reply.failedNodes());
      writeMap(g, "FailedAndUnresolvableNodes", reply.failedAndUnresolvableNodes());
      g.writeStringField("Error", reply.error());
      g.writeEndObject();
    });
  }

  private static void writeMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
    g.writeFieldName(field);
    g.writeStartObject();
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  /** {@code HostPriorityList}: {@code hosts[i]} scored {@code scores[i]}, for {@code i < count}. */
  public byte[] hostPriorities(String[] hosts, long[] scores, int count) {
    byte[][] quoted = new byte[count][];
    for (int i = 0; i < count; i++) {
      quoted[i] = quote(hosts[i]);
    }
    return hostPriorities(quoted, scores, count);
  }

  /**
   * {@code HostPriorityList} from names already written as JSON strings ({@link #quote}):
   * {@code quotedHosts[i]} scored {@code scores[i]} (not negative), for {@code i < count}.
   */
  public byte[] hostPriorities(byte[][] quotedHosts, long[] scores, int count) {
    int size = 2;
    for (int i = 0; i < count; i++) {
      long score = scores[i];
      int digits = score >= 0 && score < 10 ? 1 : score >= 10 && score < 100 ? 2 : Long.toString(score).length();
      size += (i > 0 ? 1 : 0) + HOST.length + quotedHosts[i].length + SCORE.length + digits + 1;
    }
    JsonBytes out = new JsonBytes(size);
    out.add((byte) '[');
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.add((byte) ',');
      }
      out.add(HOST);
      out.add(quotedHosts[i]);
      out.add(SCORE);
      out.number(scores[i]);
      out.add((byte) '}');
    }
    out.add((byte) ']');
    return out.exactBytes();
  }

  /**
   * {@code s} as a JSON string with its quotes, escaped exactly as this encoder escapes strings
   * everywhere else; callers keep these for names they write often.
   */
  public static byte[] quote(String s) {
    return JsonBytes.quote(s);
  }

  /**
   * Starts an {@code ExtenderFilterResult} in name mode ({@code Nodes} null, {@code Error}
   * empty), to which the caller adds each candidate's outcome in request order.
   *
   * @param candidates the number of candidates, to size the buffers
   */
  public NameFilterWriter nameFilterResult(int candidates) {
    return new NameFilterWriter(candidates);
  }

  /**
   * An {@code ExtenderFilterResult} with node names, written as the candidates' outcomes come:
   * the same bytes {@link #filterResult(FilterReply)} writes for the same names and messages.
   * Callers add each name once. Not thread-safe.
   */
  public static final class NameFilterWriter {
    private static final byte PASSED = 0;
    private static final byte FAILED_ENTRY = 1;
    private static final byte UNRESOLVABLE_ENTRY = 2;

    // the outcomes are kept and written once into an array of the exact size: no growing, no copy
    private byte[] kinds;
    private byte[][] names;
    private byte[][] messages;
    private int count;

    private NameFilterWriter(int candidates) {
      int capacity = Math.max(4, candidates);
      kinds = new byte[capacity];
      names = new byte[capacity][];
      messages = new byte[capacity][];
    }

    /** A candidate that passed, given as {@link #quote quoted} bytes. */
    public void passed(byte[] quotedName) {
      add(PASSED, quotedName, null);
    }

    /** A candidate rejected for a reason that may go away. */
    public void failed(byte[] quotedName, String message) {
      failed(quotedName, quote(message));
    }

    /** A candidate rejected for a reason that may go away, the message {@link #quote quoted}. */
    public void failed(byte[] quotedName, byte[] quotedMessage) {
      add(FAILED_ENTRY, quotedName, quotedMessage);
    }

    /** A candidate rejected for a reason waiting cannot fix. */
    public void unresolvable(byte[] quotedName, String message) {
      unresolvable(quotedName, quote(message));
    }

    /** A candidate rejected for a reason waiting cannot fix, the message {@link #quote quoted}. */
    public void unresolvable(byte[] quotedName, byte[] quotedMessage) {
      add(UNRESOLVABLE_ENTRY, quotedName, quotedMessage);
    }

    private void add(byte kind, byte[] name, byte @Nullable [] message) {
      if (count == kinds.length) {
        int capacity = count * 2;
        kinds = java.util.Arrays.copyOf(kinds, capacity);
        names = java.util.Arrays.copyOf(names, capacity);
        messages = java.util.Arrays.copyOf(messages, capacity);
      }
      kinds[count] = kind;
      names[count] = name;
      messages[count++] = message;
    }

    /** The whole reply. */
    public byte[] finish() {
      // every entry but the first of its kind follows a comma
      int size = NAMES_START.length + 1 + FAILED.length + 2 + UNRESOLVABLE.length + 2 + END.length;
      int[] ofKind = new int[3];
      for (int i = 0; i < count; i++) {
        byte[] m = messages[i];
        size += (ofKind[kinds[i]]++ > 0 ? 1 : 0) + names[i].length + (m == null ? 0 : m.length + 1);
      }
      JsonBytes out = new JsonBytes(size);
      out.add(NAMES_START);
      writeKind(out, PASSED);
      out.add((byte) ']');
      out.add(FAILED);
      out.add((byte) '{');
      writeKind(out, FAILED_ENTRY);
      out.add((byte) '}');
      out.add(UNRESOLVABLE);
      out.add((byte) '{');
      writeKind(out, UNRESOLVABLE_ENTRY);
      out.add((byte) '}');
      out.add(END);
      return out.exactBytes();
    }

    private void writeKind(JsonBytes out, byte kind) {
      boolean first = true;
      for (int i = 0; i < count; i++) {
        if (kinds[i] != kind) {
          continue;
        }
        if (!first) {
          out.add((byte) ',');
        }
        first = false;
        out.add(names[i]);
        byte[] m = messages[i];
        if (m != null) {
          out.add((byte) ':');
          out.add(m);
        }
      }
    }
  }

  private static final byte[] HOST = ascii("{\"Host\":");
  private static final byte[] SCORE = ascii(",\"Score\":");
  private static final byte[] NAMES_START = ascii("{\"Nodes\":null,\"NodeNames\":[");
  private static final byte[] FAILED = ascii(",\"FailedNodes\":");
  private static final byte[] UNRESOLVABLE = ascii(",\"FailedAndUnresolvableNodes\":");
  private static final byte[] END = ascii(",\"Error\":\"\"}");

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** {@code ExtenderBindingResult}; {@code error} is empty on success. */
  public byte[] bindingResult(String error) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("Error", error);
      g.writeEndObject();
    });
  }

  /** The body of a 4xx/5xx: {@code {"error": "..."}}. */
  public byte[] error(String message) {
    return write(g -> {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    });
  }

  /** Writes one JSON value with a generator. */
  @FunctionalInterface
  public interface JsonWriter {
    void write(JsonGenerator generator) throws IOException;
  }
}
