package io.edgeplace.core.kube;

import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.Unit;
import io.edgeplace.api.WellKnownKeys;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/*
 * Units from their nodes' uplink annotations and from OpenYurt NodePools.
 *
 * Nodes of one unit should agree; when they do not, the most conservative value wins (the
 * smallest bandwidth, the largest latency, the first network mode in declaration order of
 * NetworkMode) and a warning names the nodes and their values. A NodePool's annotations describe
 * the whole pool and take precedence over its nodes'.
 */
final class UnitAssembly {
  private UnitAssembly() {
  }

  static List<Unit> units(Collection<Node> nodes, Collection<GenericKubernetesResource> nodePools,
                          AdapterConfig config) {
    Map<String, List<Node>> byUnit = new TreeMap<>();
    for (Node n : nodes) {
      byUnit.computeIfAbsent(n.unit(), u -> new ArrayList<>()).add(n);
    }
    Map<String, GenericKubernetesResource> pools = new TreeMap<>();
    for (GenericKubernetesResource pool : nodePools) {
      String name = Context.name(pool.getMetadata());
      if (name.isEmpty()) {
        throw new InvalidValueException("", "is missing or empty; every NodePool needs a name")
            .at("NodePool", "metadata.name");
      }
      pools.put(name, pool);
      byUnit.computeIfAbsent(name, u -> new ArrayList<>());
    }
    List<Unit> units = new ArrayList<>(byUnit.size());
    for (Map.Entry<String, List<Node>> e : byUnit.entrySet()) {
      List<Node> members = e.getValue();
      members.sort(Comparator.comparing(Node::name));
      units.add(unit(e.getKey(), members, pools.get(e.getKey()), config));
    }
    return units;
  }

  private static Unit unit(String name, List<Node> members, @Nullable GenericKubernetesResource pool,
                           AdapterConfig config) {
    String region = "";
    for (Node n : members) {
      if (!n.region().isEmpty()) {
        region = n.region();
        break;
      }
    }
    Map<String, String> poolAnnotations = pool == null || pool.getMetadata() == null
        ? Map.of() : Context.clean(pool.getMetadata().getAnnotations());
    Context poolCx = new Context("NodePool", null, name, config);

    Long bps = fromPool(poolCx, poolAnnotations, WellKnownKeys.UPLINK_BANDWIDTH, Annotations::uplinkBandwidth);
    if (bps == null) {
      bps = fromNodes(name, members, config, WellKnownKeys.UPLINK_BANDWIDTH, Annotations::uplinkBandwidth,
          Comparator.<Long>naturalOrder(), "smallest");
    }
    Duration latency = fromPool(poolCx, poolAnnotations, WellKnownKeys.UPLINK_LATENCY, Annotations::latency);
    if (latency == null) {
      latency = fromNodes(name, members, config, WellKnownKeys.UPLINK_LATENCY, Annotations::latency,
          Comparator.<Duration>reverseOrder(), "largest");
    }
    NetworkMode mode = fromPool(poolCx, poolAnnotations, WellKnownKeys.NETWORK_MODE, Annotations::networkMode);
    if (mode == null) {
      mode = fromNodes(name, members, config, WellKnownKeys.NETWORK_MODE, Annotations::networkMode,
          Comparator.<NetworkMode>naturalOrder(), "first listed");
    }
    return new Unit(name, region, bps == null ? Unit.UNLIMITED : bps, latency == null ? Duration.ZERO : latency,
        mode == null ? NetworkMode.UNKNOWN : mode);
  }

  private static <T> @Nullable T fromPool(Context cx, Map<String, String> annotations, String key,
                                          Function<String, T> parser) {
    return cx.annotation(annotations, key, parser);
  }

  /* The winning value among the nodes that declare one; a warning when they disagree. */
  private static <T> @Nullable T fromNodes(String unit, List<Node> members, AdapterConfig config, String key,
                                           Function<String, T> parser, Comparator<T> order, String rule) {
    T best = null;
    T first = null;
    boolean conflict = false;
    for (Node n : members) {
      String text = n.annotations().get(key);
      if (text == null) {
        continue;
      }
      T v = new Context("Node", null, n.name(), config).annotation(n.annotations(), key, parser);
      if (v == null) {
        continue;
      }
      if (first == null) {
        first = v;
      } else if (!first.equals(v)) {
        conflict = true;
      }
      if (best == null || order.compare(v, best) < 0) {
        best = v;
      }
    }
    if (conflict && Context.LOG.isWarnEnabled()) {
      StringBuilder sb = new StringBuilder();
      for (Node n : members) {
        String text = n.annotations().get(key);
        if (text != null) {
          sb.append(sb.length() == 0 ? "" : ", ").append(n.name()).append('=').append(text);
        }
      }
      Context.LOG.warn("unit \"{}\": its nodes disagree on {} ({}); using the {} value, {}. "
          + "Maybe annotate all nodes of the unit alike, or annotate its NodePool", unit, key, sb, rule, best);
    }
    return best;
  }
}
