package io.edgeplace.simulator.scenario;

import io.edgeplace.api.Container;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.simulator.scenario.ScenarioInstance.Outage;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Expands a {@link Scenario} into a {@link ScenarioInstance} for a seed. Random draws (a node's
 * type from its unit's mix, a bandwidth or latency from a range, which nodes hold a preloaded
 * image, a shuffled arrival order) come from one {@link SplittableRandom} in a fixed order, so
 * the same scenario and seed always give the same fleet and arrivals.
 *
 * <p>Nodes carry the labels and annotations a real edge node would: {@code kubernetes.io/hostname},
 * {@code kubernetes.io/arch}, {@code kubernetes.io/os}, {@code edgeplace.io/arch-variant} (arm),
 * {@code edgeplace.io/unit} and {@code topology.kubernetes.io/zone} (both the unit name, so that
 * kube-scheduler's default zone spreading sees units as zones), {@code topology.kubernetes.io/region},
 * and the uplink annotations of ARCHITECTURE.md.
 */
public final class ScenarioExpander {
  /** The label pods carry with their app's name; traffic peers select on it. */
  public static final String APP_LABEL = "app";

  private ScenarioExpander() {
  }

  public static ScenarioInstance expand(Scenario s, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Instant start = s.timing().start();
    List<Unit> units = new ArrayList<>();
    List<Node.Builder> builders = new ArrayList<>();
    List<Platform> platforms = new ArrayList<>();
    for (UnitGroup g : s.unitGroups()) {
      List<NodeType> types = new ArrayList<>();
      List<Integer> weights = new ArrayList<>();
      g.mix().forEach((type, w) -> {
        types.add(s.nodeTypes().get(type));
        weights.add(w);
      });
      int total = weights.stream().mapToInt(Integer::intValue).sum();
      for (int i = 1; i <= g.count(); i++) {
        String name = Names.member(g.name(), i, g.count());
        String region = g.regions().get((i - 1) % g.regions().size());
        long bandwidth = g.bandwidth() == null ? Unit.UNLIMITED : logUniform(rnd, g.bandwidth());
        long latencyMs = g.latencyMillis().min() + (g.latencyMillis().max() == g.latencyMillis().min() ? 0
            : rnd.nextLong(g.latencyMillis().max() - g.latencyMillis().min() + 1));
        Unit unit = new Unit(name, region, bandwidth, Duration.ofMillis(latencyMs), g.mode());
        units.add(unit);
        for (int k = 1; k <= g.nodes(); k++) {
          NodeType type = pick(rnd, types, weights, total);
          String nodeName = name + "-n" + pad(k, g.nodes());
          builders.add(node(nodeName, unit, type, start));
          platforms.add(type.platform());
        }
      }
    }
    List<Map<String, Long>> images = new ArrayList<>();
    for (int n = 0; n < builders.size(); n++) {
      images.add(new LinkedHashMap<>());
    }
    for (ImageSpec image : s.images().values()) {
      if (image.preloaded() <= 0) {
        continue;
      }
      for (int n = 0; n < builders.size(); n++) {
        if (image.platforms().contains(platforms.get(n)) && rnd.nextDouble() < image.preloaded()) {
          images.get(n).put(image.reference(), image.sizeBytes());
          images.get(n).put(normalizedImage(image.reference()), image.sizeBytes());
        }
      }
    }
    List<Node> nodes = new ArrayList<>(builders.size());
    for (int n = 0; n < builders.size(); n++) {
      nodes.add(builders.get(n).images(images.get(n)).build());
    }

    List<List<Workload>> byApp = new ArrayList<>();
    for (AppGroup g : s.appGroups()) {
      for (int i = 1; i <= g.count(); i++) {
        byApp.add(app(s, g, i));
      }
    }
    List<Workload> arrivals = order(s.arrival(), byApp, rnd);

    List<Outage> outages = new ArrayList<>();
    for (OutageSpec o : s.outages()) {
      Instant down = start.plus(s.timing().arrivalInterval().multipliedBy(o.from())).minus(o.since());
      Instant up = o.to() < 0 ? null : start.plus(s.timing().arrivalInterval().multipliedBy(o.to()));
      outages.add(new Outage(o.unit(), down, up));
    }
    return new ScenarioInstance(s, seed, units, nodes, arrivals, outages);
  }

  /** The name kube-scheduler's ImageLocality looks up: {@code :latest} added when there is no tag. */
  public static String normalizedImage(String image) {
    return image.lastIndexOf(':') <= image.lastIndexOf('/') ? image + ":latest" : image;
  }

  private static Node.Builder node(String name, Unit unit, NodeType type, Instant heartbeat) {
    Platform p = type.platform();
    Map<String, String> labels = new LinkedHashMap<>(type.labels());
    labels.put("kubernetes.io/hostname", name);
    labels.put(WellKnownKeys.ARCH, p.architecture());
    labels.put(WellKnownKeys.OS, p.os());
    if (p.architecture().equals("arm")) {
      labels.put(WellKnownKeys.ARCH_VARIANT, p.variant());
    }
    labels.put(WellKnownKeys.UNIT, unit.name());
    labels.put(WellKnownKeys.TOPOLOGY_ZONE, unit.name());
    if (!unit.region().isEmpty()) {
      labels.put(WellKnownKeys.TOPOLOGY_REGION, unit.region());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (unit.hasUplinkLimit()) {
      annotations.put(WellKnownKeys.UPLINK_BANDWIDTH, Long.toString(unit.uplinkBitsPerSecond()));
    }
    annotations.put(WellKnownKeys.UPLINK_LATENCY, unit.uplinkLatency().toMillis() + "ms");
    if (unit.networkMode() != io.edgeplace.api.NetworkMode.UNKNOWN) {
      annotations.put(WellKnownKeys.NETWORK_MODE, unit.networkMode().label());
    }
    annotations.put(WellKnownKeys.RUNTIME_HANDLERS, String.join(",", type.runtimeHandlers()));
    return Node.builder(name, unit.name())
        .region(unit.region())
        .platform(p)
        .allocatable(type.allocatable())
        .runtimeHandlers(type.runtimeHandlers())
        .ready(true)
        .lastHeartbeat(heartbeat)
        .labels(labels)
        .annotations(annotations)
        .taints(type.taints());
  }

  private static List<Workload> app(Scenario s, AppGroup g, int i) {
    String app = Names.member(g.name(), i, g.count());
    List<Container> containers = containers(s, g.containers(), i);
    List<Container> init = containers(s, g.initContainers(), i);
    List<TrafficPeer> peers = new ArrayList<>();
    for (PeerSpec p : g.peers()) {
      peers.add(new TrafficPeer(LabelSelector.of(APP_LABEL, Names.substitute(p.app(), i, g.count())),
          p.bitsPerSecond()));
    }
    Set<String> units = new LinkedHashSet<>();
    for (String u : g.units()) {
      units.add(Names.substitute(u, i, g.count()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    Set<Platform> common = null;
    for (Container c : concat(init, containers)) {
      common = common == null ? new HashSet<>(c.platforms()) : common;
      common.retainAll(c.platforms());
    }
    if (common != null && !common.isEmpty()) {
      annotations.put(WellKnownKeys.PLATFORMS,
          common.stream().map(Platform::toString).sorted().collect(Collectors.joining(",")));
    }
    if (g.ingressBitsPerSecond() > 0) {
      annotations.put(WellKnownKeys.INGRESS_BANDWIDTH, Long.toString(g.ingressBitsPerSecond()));
    }
    if (g.egressBitsPerSecond() > 0) {
      annotations.put(WellKnownKeys.EGRESS_BANDWIDTH, Long.toString(g.egressBitsPerSecond()));
    }
    if (!peers.isEmpty()) {
      annotations.put(WellKnownKeys.TRAFFIC_PEERS, peers.stream()
          .map(p -> p.selector() + ":" + p.bitsPerSecond()).collect(Collectors.joining(",")));
    }
    if (!units.isEmpty()) {
      annotations.put(WellKnownKeys.ALLOWED_UNITS, String.join(",", units));
    }
    OwnerRef owner = new OwnerRef("ReplicaSet", app, "rs-" + g.namespace() + "-" + app);
    List<Workload> pods = new ArrayList<>(g.replicas());
    for (int r = 0; r < g.replicas(); r++) {
      pods.add(Workload.builder(g.namespace(), app + "-" + r)
          .labels(Map.of(APP_LABEL, app))
          .annotations(annotations)
          .containers(containers)
          .initContainers(init)
          .ingressBitsPerSecond(g.ingressBitsPerSecond())
          .egressBitsPerSecond(g.egressBitsPerSecond())
          .trafficPeers(peers)
          .runtimeClassName(g.runtimeClass())
          .allowedUnits(units)
          .requiredArchitectures(g.architectures())
          .nodeSelector(g.nodeSelector())
          .owner(owner)
          .build());
    }
    return pods;
  }

  private static List<Container> concat(List<Container> a, List<Container> b) {
    List<Container> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static List<Container> containers(Scenario s, List<ContainerSpec> specs, int i) {
    List<Container> out = new ArrayList<>(specs.size());
    for (ContainerSpec c : specs) {
      String ref = c.images().get((i - 1) % c.images().size());
      ImageSpec image = s.images().get(ref);
      out.add(new Container(c.name(), ref, image.platforms(), Resources.of(c.milliCpu(), c.memoryBytes())));
    }
    return out;
  }

  private static List<Workload> order(Arrival arrival, List<List<Workload>> byApp, SplittableRandom rnd) {
    List<Workload> out = new ArrayList<>();
    switch (arrival) {
      case SEQUENTIAL -> byApp.forEach(out::addAll);
      case INTERLEAVED -> {
        int max = byApp.stream().mapToInt(List::size).max().orElse(0);
        for (int r = 0; r < max; r++) {
          for (List<Workload> pods : byApp) {
            if (r < pods.size()) {
              out.add(pods.get(r));
            }
          }
        }
      }
      case SHUFFLED -> {
        byApp.forEach(out::addAll);
        for (int k = out.size() - 1; k > 0; k--) {
          int j = rnd.nextInt(k + 1);
          Workload t = out.get(k);
          out.set(k, out.get(j));
          out.set(j, t);
        }
      }
      default -> throw new IllegalStateException("unknown arrival order " + arrival);
    }
    return out;
  }

  private static NodeType pick(SplittableRandom rnd, List<NodeType> types, List<Integer> weights, int total) {
    if (types.size() == 1) {
      return types.get(0);
    }
    int r = rnd.nextInt(total);
    for (int t = 0; t < types.size(); t++) {
      r -= weights.get(t);
      if (r < 0) {
        return types.get(t);
      }
    }
    return types.get(types.size() - 1);
  }

  /* A bandwidth drawn log-uniformly (10 Mbit/s to 1 Gbit/s is as likely below 100M as above), two significant digits. */
  private static long logUniform(SplittableRandom rnd, Range r) {
    if (r.min() == r.max()) {
      return r.min();
    }
    double v = Math.exp(Math.log(r.min()) + rnd.nextDouble() * (Math.log(r.max()) - Math.log(r.min())));
    long rounded = new BigDecimal(v).round(new MathContext(2)).longValue();
    return Math.max(r.min(), Math.min(r.max(), rounded));
  }

  private static String pad(int i, int count) {
    int width = Math.max(2, Integer.toString(count).length());
    String s = Integer.toString(i);
    return "0".repeat(Math.max(0, width - s.length())) + s;
  }
}
