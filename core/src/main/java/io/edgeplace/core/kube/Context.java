package io.edgeplace.core.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The object being converted and what to do with a malformed value in it: throw, or warn and
 * treat the value as absent (AdapterConfig.InvalidValues). One small object per converted object.
 */
final class Context {
  static final Logger LOG = LoggerFactory.getLogger(KubeAdapter.class);

  private final String kind;
  private final @Nullable String namespace;
  private final String name;
  private final boolean fail;

  /* The object's description ("Pod shop/web-0") is only built when a value is malformed. */
  Context(String kind, @Nullable String namespace, String name, AdapterConfig config) {
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.fail = config.invalidValues() == AdapterConfig.InvalidValues.FAIL;
  }

  /** Whether a malformed value is logged and treated as absent (rather than thrown). */
  boolean ignoring() {
    return !fail;
  }

  /** {@code Node edge-1}, {@code Pod shop/web-0}. */
  String object() {
    return namespace == null ? kind + " " + name : kind + " " + namespace + "/" + name;
  }

  /** The parsed annotation {@code key} of {@code annotations}, or null when absent or (when ignoring) malformed. */
  <T> @Nullable T annotation(Map<String, String> annotations, String key, Function<String, T> parser) {
    String value = annotations.get(key);
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (InvalidValueException e) {
      report(e.at(object(), annotationPath(key)));
      return null;
    }
  }

  /** The parsed annotation {@code key}, or {@code absent}. */
  long annotationLong(Map<String, String> annotations, String key, ToLongFunction<String> parser, long absent) {
    String value = annotations.get(key);
    if (value == null) {
      return absent;
    }
    try {
      return parser.applyAsLong(value);
    } catch (InvalidValueException e) {
      report(e.at(object(), annotationPath(key)));
      return absent;
    }
  }

  /** The parsed value, or null when {@code value} is null or (when ignoring) malformed. */
  <T> @Nullable T parse(String field, @Nullable String value, Function<String, T> parser) {
    if (value == null) {
      return null;
    }
    try {
      return parser.apply(value);
    } catch (InvalidValueException e) {
      report(e.at(object(), field));
      return null;
    } catch (IllegalArgumentException e) {
      report(new InvalidValueException(value, String.valueOf(e.getMessage())).at(object(), field));
      return null;
    }
  }

  /** The parsed value, or {@code absent} when {@code value} is null or (when ignoring) malformed. */
  long parseLong(String field, @Nullable String value, ToLongFunction<String> parser, long absent) {
    if (value == null) {
      return absent;
    }
    try {
      return parser.applyAsLong(value);
    } catch (InvalidValueException e) {
      report(e.at(object(), field));
      return absent;
    }
  }

  /** Throws {@code e}, or logs it when malformed values are ignored (repeats within minutes at debug). */
  void report(InvalidValueException e) {
    if (fail) {
      throw e;
    }
    String message = String.valueOf(e.getMessage());
    if (RepeatedWarnings.SHARED.isFirst(message)) {
      LOG.warn("{}; ignoring this value", message);
    } else {
      LOG.debug("{}; ignoring this value (again)", message);
    }
  }

  void problem(String field, String value, String problem) {
    report(new InvalidValueException(value, problem).at(object(), field));
  }

  static String annotationPath(String key) {
    return "metadata.annotations[\"" + key + "\"]";
  }

  static String labelPath(String key) {
    return "metadata.labels[\"" + key + "\"]";
  }

  /** {@code amount + format}, as written ({@code 100Mi}). */
  static @Nullable String text(@Nullable Quantity q) {
    if (q == null) {
      return null;
    }
    String amount = q.getAmount();
    String format = q.getFormat();
    if (amount == null) {
      return format == null ? "" : format;
    }
    return format == null || format.isEmpty() ? amount : amount + format;
  }

  /** A copy without null keys or values; the same empty map for null or empty. */
  static Map<String, String> clean(@Nullable Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Map.of();
    }
    boolean hasNull = false;
    for (Map.Entry<String, String> e : map.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        hasNull = true;
        break;
      }
    }
    if (!hasNull) {
      return Map.copyOf(map);
    }
    Map<String, String> copy = new HashMap<>(map.size() * 2);
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(k, v);
      }
    });
    return Map.copyOf(copy);
  }

  static String name(@Nullable ObjectMeta meta) {
    String n = meta == null ? null : meta.getName();
    return n == null ? "" : n;
  }
}
