package io.edgeplace.extender.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads extender requests with a streaming parser, never building a tree of the whole body.
 *
 * <p>Keys are matched case-insensitively and unknown keys are skipped, as Go's
 * {@code encoding/json} does; a repeated key takes its last value. The Pod and each Node item
 * are kept as raw byte slices ({@link RawJson}) of the body. Limits on nesting depth, token
 * count (fields and values), name and string length apply to the whole body, skipped parts
 * included. Every failure is a {@link WireFormatException} naming the field; nothing else is
 * thrown for any input.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class WireDecoder {

  /** Default maximum nesting depth of a request; a Pod with managed fields nests about 15 deep. */
  public static final int DEFAULT_MAX_DEPTH = 64;

  private final JsonFactory factory;
  private final long maxTokens;

  private WireDecoder(int maxDepth, long maxTokens, long maxBytes) {
    this.maxTokens = maxTokens;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(maxDepth)
            .maxTokenCount(maxTokens)
            .maxDocumentLength(maxBytes)
            .maxNameLength(4096)
            .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxBytes))
            .maxNumberLength(100)
            .build())
        .build();
  }

  /**
   * A decoder.
   *
   * @param maxDepth  the deepest nesting of objects and arrays accepted
   * @param maxTokens the most JSON tokens (names and values) accepted in one body
   * @param maxBytes  the longest body accepted
   */
  public static WireDecoder create(int maxDepth, long maxTokens, long maxBytes) {
    if (maxDepth < 8) {
      throw new IllegalArgumentException("maxDepth " + maxDepth + " is too small; a Pod needs at least 8");
    }
    if (maxTokens < 16 || maxBytes < 16) {
      throw new IllegalArgumentException("maxTokens " + maxTokens + " and maxBytes " + maxBytes
          + " must be at least 16");
    }
    return new WireDecoder(maxDepth, maxTokens, maxBytes);
  }

  /** A decoder for bodies of up to {@code maxBytes}, with a token limit in proportion. */
  public static WireDecoder forBodyLimit(long maxBytes) {
    return create(DEFAULT_MAX_DEPTH, Math.max(100_000, maxBytes / 4), maxBytes);
  }

  public long maxTokens() {
    return maxTokens;
  }

  /** Decodes {@code body[0 .. length-1]} as an {@code ExtenderArgs}. */
  public ExtenderArgs decodeArgs(byte[] body, int length) throws WireFormatException {
    return decodeArgs(body, length, null);
  }

  /**
   * Decodes {@code body[0 .. length-1]} as an {@code ExtenderArgs}, resolving {@code NodeNames}
   * through {@code resolver} when one is given: the names are then a {@link ResolvedNames}.
   */
  public ExtenderArgs decodeArgs(byte[] body, int length, @Nullable NameResolver resolver)
      throws WireFormatException {
    try (JsonParser p = factory.createParser(body, 0, length)) {
      expectRootObject(p, "ExtenderArgs");
      RawJson pod = null;
      List<String> names = null;
      List<ExtenderArgs.NodeItem> nodes = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equalsIgnoreCase("Pod")) {
          pod = v == JsonToken.VALUE_NULL ? null : podObject(p, body, v);
        } else if (field.equalsIgnoreCase("NodeNames")) {
          names = v == JsonToken.VALUE_NULL ? null
              : resolver != null ? resolvedNames(p, v, resolver, length) : nodeNames(p, v);
        } else if (field.equalsIgnoreCase("Nodes")) {
          nodes = v == JsonToken.VALUE_NULL ? null : nodeList(p, body, v);
        } else {
          p.skipChildren();
        }
      }
      expectEnd(p, t);
      if (pod == null) {
        throw new WireFormatException("field Pod is missing or null; expected the Pod being scheduled");
      }
      if (names != null) {
        return new ExtenderArgs(pod, names, null);
      }
      if (nodes != null) {
        return new ExtenderArgs(pod, null, nodes);
      }
      throw new WireFormatException("fields NodeNames and Nodes are both missing or null; expected the candidate "
          + "nodes in one of them (NodeNames when the extender is configured with nodeCacheCapable: true)");
    } catch (StreamConstraintsException e) {
      throw new WireFormatException("request exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new WireFormatException("unreadable request: " + e.getMessage());
    }
  }

  /** Decodes {@code body[0 .. length-1]} as an {@code ExtenderBindingArgs}. */
  public BindingArgs decodeBinding(byte[] body, int length) throws WireFormatException {
    try (JsonParser p = factory.createParser(body, 0, length)) {
      expectRootObject(p, "ExtenderBindingArgs");
      String name = null;
      String namespace = null;
      String uid = null;
      String node = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equalsIgnoreCase("PodName")) {
          name = string(p, v, "PodName");
        } else if (field.equalsIgnoreCase("PodNamespace")) {
          namespace = string(p, v, "PodNamespace");
        } else if (field.equalsIgnoreCase("PodUID")) {
          uid = string(p, v, "PodUID");
        } else if (field.equalsIgnoreCase("Node")) {
          node = string(p, v, "Node");
        } else {
          p.skipChildren();
        }
      }
      expectEnd(p, t);
      return new BindingArgs(required(name, "PodName"), required(namespace, "PodNamespace"),
          required(uid, "PodUID"), required(node, "Node"));
    } catch (StreamConstraintsException e) {
      throw new WireFormatException("request exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw malformed(e);
    } catch (IOException e) {
      throw new WireFormatException("unreadable request: " + e.getMessage());
    }
  }

  private static void expectRootObject(JsonParser p, String type) throws IOException, WireFormatException {
    JsonToken first = p.nextToken();
    if (first == null) {
      throw new WireFormatException("empty request body; expected a JSON " + type + " object");
    }
    if (first != JsonToken.START_OBJECT) {
      throw new WireFormatException("request body is " + describe(first) + "; expected a JSON " + type + " object");
    }
  }

  private static void expectEnd(JsonParser p, @Nullable JsonToken last) throws IOException, WireFormatException {
    if (last != JsonToken.END_OBJECT) {
      throw new WireFormatException("malformed JSON: unexpected " + describe(last));
    }
    JsonToken after = p.nextToken();
    if (after != null) {
      throw new WireFormatException("malformed JSON: " + describe(after) + " after the end of the request object");
    }
  }

  /* The Pod, with the span of metadata.managedFields (large, never read) marked as a hole. */
  private static RawJson podObject(JsonParser p, byte[] body, JsonToken v) throws IOException, WireFormatException {
    if (v != JsonToken.START_OBJECT) {
      throw new WireFormatException("field Pod is " + describe(v) + "; expected an object or null");
    }
    int start = (int) p.currentTokenLocation().getByteOffset();
    int holeStart = -1;
    int holeEnd = -1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken fv = p.nextToken();
      if (field.equals("metadata") && fv == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String mf = p.currentName();
          JsonToken mv = p.nextToken();
          if (mf.equals("managedFields") && mv == JsonToken.START_ARRAY) {
            holeStart = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            holeEnd = (int) p.currentTokenLocation().getByteOffset() + 1;
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
    if (start < 0 || end <= start || end > body.length) {
      throw new WireFormatException("internal: could not locate the Pod in the request");
    }
    if (holeStart <= start || holeEnd > end) {
      return new RawJson(body, start, end - start);
    }
    return new RawJson(body, start, end - start, holeStart, holeEnd);
  }

  private static RawJson slice(JsonParser p, byte[] body, int start) throws WireFormatException {
    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
    if (start < 0 || end <= start || end > body.length) {
      throw new WireFormatException("internal: could not locate an embedded object in the request");
    }
    return new RawJson(body, start, end - start);
  }

  private static List<String> nodeNames(JsonParser p, JsonToken v) throws IOException, WireFormatException {
    if (v != JsonToken.START_ARRAY) {
      throw new WireFormatException("field NodeNames is " + describe(v) + "; expected an array of node names or null");
    }
    List<String> names = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new WireFormatException("NodeNames[" + names.size() + "] is " + describe(t) + "; expected a node name");
      }
      names.add(p.getText());
    }
    return names;
  }

  private static List<String> resolvedNames(JsonParser p, JsonToken v, NameResolver resolver, int bodyLength)
      throws IOException, WireFormatException {
    if (v != JsonToken.START_ARRAY) {
      throw new WireFormatException("field NodeNames is " + describe(v) + "; expected an array of node names or null");
    }
    /*
     * sized for a request that lists every node, as kube-scheduler's filter call does (no
     * growing), but never for more names than the body has room for: each takes 3 bytes or more
     */
    int[] nodes = new int[Math.max(16, Math.min(Math.min(resolver.expectedNames(), 1 << 17), bodyLength / 3 + 1))];
    String[] unknown = null;
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_STRING) {
        throw new WireFormatException("NodeNames[" + n + "] is " + describe(t) + "; expected a node name");
      }
      if (n == nodes.length) {
        nodes = Arrays.copyOf(nodes, n * 2);
        if (unknown != null) {
          unknown = Arrays.copyOf(unknown, n * 2);
        }
      }
      int node = resolver.resolve(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
      if (node < 0) {
        if (unknown == null) {
          unknown = new String[nodes.length];
        }
        unknown[n] = p.getText();
      }
      nodes[n++] = node;
    }
    return new ResolvedNames(resolver, nodes, n, unknown);
  }

  private static List<ExtenderArgs.NodeItem> nodeList(JsonParser p, byte[] body, JsonToken v)
      throws IOException, WireFormatException {
    if (v != JsonToken.START_OBJECT) {
      throw new WireFormatException("field Nodes is " + describe(v) + "; expected a NodeList object or null");
    }
    List<ExtenderArgs.NodeItem> items = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken fv = p.nextToken();
      if (field.equalsIgnoreCase("items")) {
        items = fv == JsonToken.VALUE_NULL ? List.of() : nodeItems(p, body, fv);
      } else {
        p.skipChildren();
      }
    }
    return items;
  }

  private static List<ExtenderArgs.NodeItem> nodeItems(JsonParser p, byte[] body, JsonToken v)
      throws IOException, WireFormatException {
    if (v != JsonToken.START_ARRAY) {
      throw new WireFormatException("field Nodes.items is " + describe(v) + "; expected an array of Node objects");
    }
    List<ExtenderArgs.NodeItem> items = new ArrayList<>();
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      String path = "Nodes.items[" + items.size() + "]";
      if (t != JsonToken.START_OBJECT) {
        throw new WireFormatException(path + " is " + describe(t) + "; expected a Node object");
      }
      int start = (int) p.currentTokenLocation().getByteOffset();
      String name = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken fv = p.nextToken();
        if (field.equalsIgnoreCase("metadata") && fv == JsonToken.START_OBJECT) {
          name = metadataName(p, path);
        } else if (field.equalsIgnoreCase("metadata") && fv != JsonToken.VALUE_NULL) {
          throw new WireFormatException(path + ".metadata is " + describe(fv) + "; expected an object");
        } else {
          p.skipChildren();
        }
      }
      if (name == null || name.isEmpty()) {
        throw new WireFormatException(path + ".metadata.name is missing or empty; every Node needs a name");
      }
      items.add(new ExtenderArgs.NodeItem(name, slice(p, body, start)));
    }
    return items;
  }

  private static @Nullable String metadataName(JsonParser p, String path) throws IOException, WireFormatException {
    String name = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken fv = p.nextToken();
      if (field.equalsIgnoreCase("name")) {
        name = fv == JsonToken.VALUE_NULL ? null : string(p, fv, path + ".metadata.name");
      } else {
        p.skipChildren();
      }
    }
    return name;
  }

  private static String string(JsonParser p, JsonToken v, String field) throws IOException, WireFormatException {
    if (v != JsonToken.VALUE_STRING) {
      throw new WireFormatException("field " + field + " is " + describe(v) + "; expected a string");
    }
    return p.getText();
  }

  private static String required(@Nullable String value, String field) throws WireFormatException {
    if (value == null || value.isEmpty()) {
      throw new WireFormatException("field " + field + " is missing or empty");
    }
    return value;
  }

  private static WireFormatException malformed(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return new WireFormatException("malformed JSON" + where + ": " + e.getOriginalMessage());
  }

  static String describe(@Nullable JsonToken t) {
    if (t == null) {
      return "the end of the body";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      case END_OBJECT -> "the end of an object";
      case END_ARRAY -> "the end of an array";
      case FIELD_NAME -> "a field name";
      default -> t.name();
    };
  }
}
