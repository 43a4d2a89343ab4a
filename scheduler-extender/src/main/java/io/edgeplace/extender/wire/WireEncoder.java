package io.edgeplace.extender.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

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
      size += quotedHosts[i].length + HOST.length + SCORE.length + 4;
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
    return out.toByteArray();
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
    private final JsonBytes passed;
    private final JsonBytes failed;
    private final JsonBytes unresolvable;

    private NameFilterWriter(int candidates) {
      passed = new JsonBytes(64 + candidates * 24);
      passed.add(NAMES_START);
      failed = new JsonBytes(256);
      unresolvable = new JsonBytes(256);
    }

    /** A candidate that passed, given as {@link #quote quoted} bytes. */
    public void passed(byte[] quotedName) {
      if (passed.size() > NAMES_START.length) {
        passed.add((byte) ',');
      }
      passed.add(quotedName);
    }

    /** A candidate rejected for a reason that may go away. */
    public void failed(byte[] quotedName, String message) {
      entry(failed, quotedName, message);
    }

    /** A candidate rejected for a reason waiting cannot fix. */
    public void unresolvable(byte[] quotedName, String message) {
      entry(unresolvable, quotedName, message);
    }

    private static void entry(JsonBytes map, byte[] quotedName, String message) {
      map.add(map.size() == 0 ? (byte) '{' : (byte) ',');
      map.add(quotedName);
      map.add((byte) ':');
      map.string(message);
    }

    /** The whole reply. */
    public byte[] finish() {
      JsonBytes out = passed;
      out.add((byte) ']');
      out.add(FAILED);
      close(out, failed);
      out.add(UNRESOLVABLE);
      close(out, unresolvable);
      out.add(END);
      return out.toByteArray();
    }

    private static void close(JsonBytes out, JsonBytes map) {
      if (map.size() == 0) {
        out.add((byte) '{');
      } else {
        out.add(map);
      }
      out.add((byte) '}');
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
