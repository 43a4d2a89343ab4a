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
    return write(g -> {
      g.writeStartArray();
      for (int i = 0; i < count; i++) {
        g.writeStartObject();
        g.writeStringField("Host", hosts[i]);
        g.writeNumberField("Score", scores[i]);
        g.writeEndObject();
      }
      g.writeEndArray();
    });
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
