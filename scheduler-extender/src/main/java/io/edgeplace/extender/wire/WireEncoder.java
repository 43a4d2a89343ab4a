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
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  /** Writes with a generator into a byte array. */
  public byte[] write(JsonWriter writer) {
    return written(writer);
  }

  /* What a generator writes, as bytes: every reply Jackson writes goes through here. */
  static byte[] written(JsonWriter writer) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(512)) {
      try (JsonGenerator g = FACTORY.createGenerator(out)) {
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
    JsonBytes out = new JsonBytes(16 + 32 * count);
    HostPriorityWriter w = hostPriorities(out);
    for (int i = 0; i < count; i++) {
      w.add(quote(hosts[i]), scores[i]);
    }
    w.finish();
    return out.toByteArray();
  }

  /**
   * Starts a {@code HostPriorityList} in {@code out} (emptied first), to which the caller adds
   * each host in request order.
   */
  public HostPriorityWriter hostPriorities(JsonBytes out) {
    return new HostPriorityWriter(out);
  }

  /** A {@code HostPriorityList} written into a buffer as the hosts come. Not thread-safe. */
  public static final class HostPriorityWriter {
    private final JsonBytes out;
    private boolean first = true;

    private HostPriorityWriter(JsonBytes out) {
      this.out = out;
      out.reset();
      out.add((byte) '[');
    }

    /** A host, given as {@link #quote quoted} bytes, and its score (not negative). */
    public void add(byte[] quotedHost, long score) {
      if (score < 0) {
        throw new IllegalArgumentException("score " + score + " is negative");
      }
      if (!first) {
        out.add((byte) ',');
      }
      first = false;
      out.add(HOST);
      out.add(quotedHost);
      out.add(SCORE);
      out.number(score);
      out.add((byte) '}');
    }

    /** Ends the list; the reply is the buffer's contents. */
    public void finish() {
      out.add((byte) ']');
    }
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
   * empty) in {@code out} (emptied first). The caller adds the passed names, then the failed
   * ones, then the unresolvable ones, each group in request order.
   */
  public NameFilterWriter nameFilterResult(JsonBytes out) {
    return new NameFilterWriter(out);
  }

  /**
   * An {@code ExtenderFilterResult} with node names, written into a buffer as the outcomes come:
   * the same bytes {@link #filterResult(FilterReply)} writes for the same names and messages.
   * The three groups come in the order of the reply (passed, failed, unresolvable); a call out of
   * that order is refused, as the bytes before it are already written. Not thread-safe.
   */
  public static final class NameFilterWriter {
    private static final int PASSED = 0;
    private static final int FAILED_ENTRY = 1;
    private static final int UNRESOLVABLE_ENTRY = 2;
    private static final int DONE = 3;

    private final JsonBytes out;
    private int section = PASSED;
    private boolean first = true;

    private NameFilterWriter(JsonBytes out) {
      this.out = out;
      out.reset();
      out.add(NAMES_START);
    }

    /** A candidate that passed, given as {@link #quote quoted} bytes. */
    public void passed(byte[] quotedName) {
      entry(PASSED, quotedName, null);
    }

    /** A candidate rejected for a reason that may go away, the message {@link #quote quoted}. */
    public void failed(byte[] quotedName, byte[] quotedMessage) {
      entry(FAILED_ENTRY, quotedName, quotedMessage);
    }

    /** A candidate rejected for a reason waiting cannot fix, the message {@link #quote quoted}. */
    public void unresolvable(byte[] quotedName, byte[] quotedMessage) {
      entry(UNRESOLVABLE_ENTRY, quotedName, quotedMessage);
    }

    private void entry(int kind, byte[] name, byte @Nullable [] message) {
      advanceTo(kind);
      if (!first) {
        out.add((byte) ',');
      }
      first = false;
      out.add(name);
      if (message != null) {
        out.add((byte) ':');
        out.add(message);
      }
    }

    /* Closes the sections before `kind` and opens it. */
    private void advanceTo(int kind) {
      if (kind < section) {
        throw new IllegalStateException("a " + KINDS[kind] + " node after the " + KINDS[section]
            + " ones: add passed, then failed, then unresolvable nodes");
      }
      while (section < kind) {
        out.add(section == PASSED ? (byte) ']' : (byte) '}');
        if (++section == FAILED_ENTRY) {
          out.add(FAILED);
          out.add((byte) '{');
        } else if (section == UNRESOLVABLE_ENTRY) {
          out.add(UNRESOLVABLE);
          out.add((byte) '{');
        }
        first = true;
      }
    }

    private static final String[] KINDS = {"passed", "failed", "unresolvable", "finished"};

    /** Ends the reply; it is the buffer's contents. */
    public void finish() {
      advanceTo(DONE);
      out.add(END);
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
