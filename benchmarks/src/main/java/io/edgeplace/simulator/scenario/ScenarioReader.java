package io.edgeplace.simulator.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a scenario file strictly: unknown keys, wrong types, bad quantities, dangling references
 * (an app naming an undeclared image, an outage naming no unit) and oversized fleets are all
 * refused with a {@link ScenarioException} naming the field path and the value. Nothing is
 * defaulted silently except the documented defaults of {@code example.yaml}.
 */
public final class ScenarioReader {

  /** Files larger than this are refused before parsing. */
  public static final long MAX_FILE_BYTES = 4L << 20;
  /** The largest fleet a scenario may describe. */
  public static final int MAX_NODES = 50_000;
  /** The most pods a scenario may describe. */
  public static final int MAX_PODS = 200_000;

  private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private ScenarioReader() {
  }

  /** Reads and validates {@code file}; errors are prefixed with the file name. */
  public static Scenario read(Path file) {
    String label = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ScenarioException(label + ": is " + Files.size(file) + " bytes; scenario files are limited to "
            + MAX_FILE_BYTES + " bytes. Maybe describe the fleet with unit groups (count:) instead of unit by unit?");
      }
      text = Files.readString(file);
    } catch (IOException e) {
      throw new ScenarioException(label + ": cannot be read: " + e);
    }
    try {
      return parse(text);
    } catch (ScenarioException e) {
      throw e.in(label);
    }
  }

  /** Parses and validates scenario text. */
  public static Scenario parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String why = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
      throw new ScenarioException("is not valid YAML" + where + ": " + why.lines().findFirst().orElse(why));
    } catch (RuntimeException e) {
      throw new ScenarioException("is not valid YAML: " + e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ScenarioException("is empty; expected a mapping with units: and apps: (see scenarios/example.yaml)");
    }
    return new ScenarioReader().scenario(new Field(root, ""));
  }

  // ---- the file ----

  private Scenario scenario(Field root) {
    root.object("name", "seed", "clock", "registry", "images", "runtimeClasses", "nodeTypes", "units", "outages",
        "apps", "arrival");
    String name = root.has("name") ? root.get("name").text() : "scenario";
    long seed = root.has("seed") ? root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE) : 1;
    Timing timing = timing(root);
    long registry = 1_000_000_000L;
    if (root.has("registry")) {
      Field r = root.get("registry").object("bandwidth");
      if (r.has("bandwidth")) {
        registry = r.get("bandwidth").amount("a bandwidth in bits/s (such as 100M or 1G)", 1);
      }
    }
    Map<String, ImageSpec> images = images(root);
    Map<String, String> runtimeClasses = new LinkedHashMap<>();
    if (root.has("runtimeClasses")) {
      root.get("runtimeClasses").entries().forEach((k, v) -> runtimeClasses.put(k, v.name()));
    }
    Map<String, NodeType> nodeTypes = new LinkedHashMap<>();
    root.get("nodeTypes").entries().forEach((k, v) -> nodeTypes.put(k, nodeType(k, v)));
    if (nodeTypes.isEmpty()) {
      throw new ScenarioException("nodeTypes: is empty; declare at least one node type");
    }

    List<UnitGroup> units = new ArrayList<>();
    Set<String> unitNames = new LinkedHashSet<>();
    long nodeCount = 0;
    for (Field u : root.get("units").list(false)) {
      UnitGroup g = unitGroup(u, nodeTypes);
      for (String n : Names.expand(g.name(), g.count())) {
        if (!unitNames.add(n)) {
          throw u.get("name").error("names unit \"" + n + "\" a second time; unit names must be unique");
        }
      }
      nodeCount += (long) g.count() * g.nodes();
      if (nodeCount > MAX_NODES) {
        throw u.error("makes the fleet larger than " + MAX_NODES + " nodes; the simulator is limited to that");
      }
      units.add(g);
    }
    if (units.isEmpty()) {
      throw new ScenarioException("units: is empty; declare at least one unit");
    }

    List<OutageSpec> outages = new ArrayList<>();
    if (root.has("outages")) {
      for (Field o : root.get("outages").list(false)) {
        outages.add(outage(o, unitNames));
      }
    }

    List<AppGroup> apps = new ArrayList<>();
    Set<String> appNames = new LinkedHashSet<>();
    long pods = 0;
    for (Field a : root.get("apps").list(false)) {
      AppGroup g = appGroup(a, images, runtimeClasses, unitNames);
      for (String n : Names.expand(g.name(), g.count())) {
        if (!appNames.add(n)) {
          throw a.get("name").error("names app \"" + n + "\" a second time; app names must be unique");
        }
      }
      pods += (long) g.count() * g.replicas();
      if (pods > MAX_PODS) {
        throw a.error("makes more than " + MAX_PODS + " pods; the simulator is limited to that");
      }
      apps.add(g);
    }
    if (apps.isEmpty()) {
      throw new ScenarioException("apps: is empty; declare at least one app");
    }
    checkPeers(apps, appNames);
    Arrival arrival = root.has("arrival")
        ? root.get("arrival").parsed("one of sequential, interleaved, shuffled",
            s -> Arrival.valueOf(s.trim().toUpperCase(Locale.ROOT)))
        : Arrival.INTERLEAVED;
    return new Scenario(name, seed, timing, registry, images, runtimeClasses, nodeTypes, units, outages, apps,
        arrival);
  }

  private static Timing timing(Field root) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    Duration arrival = Duration.ofMillis(100);
    Duration heartbeat = Duration.ofSeconds(10);
    Duration grace = Duration.ofSeconds(50); // kube-controller-manager's default since Kubernetes 1.32
    if (root.has("clock")) {
      Field c = root.get("clock").object("start", "arrivalInterval", "heartbeatInterval", "nodeMonitorGracePeriod");
      if (c.has("start")) {
        start = c.get("start").parsed("an RFC 3339 time such as 2026-01-01T00:00:00Z", s -> {
          try {
            return Instant.parse(s);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected the form 2026-01-01T00:00:00Z");
          }
        });
      }
      arrival = c.has("arrivalInterval") ? bounded(c.get("arrivalInterval"), Duration.ofHours(1)) : arrival;
      heartbeat = c.has("heartbeatInterval") ? bounded(c.get("heartbeatInterval"), Duration.ofHours(1)) : heartbeat;
      grace = c.has("nodeMonitorGracePeriod") ? bounded(c.get("nodeMonitorGracePeriod"), Duration.ofDays(1)) : grace;
    }
    return new Timing(start, arrival, heartbeat, grace);
  }

  private static Duration bounded(Field f, Duration max) {
    Duration d = f.duration();
    if (d.isZero() || d.isNegative()) {
      throw f.error("is not a positive duration");
    }
    if (d.compareTo(max) > 0) {
      throw f.error("is longer than the simulator allows (" + max.toString().substring(2).toLowerCase(Locale.ROOT)
          + ")");
    }
    return d;
  }

  private static Map<String, ImageSpec> images(Field root) {
    Map<String, ImageSpec> out = new LinkedHashMap<>();
    if (!root.has("images")) {
      return out;
    }
    for (Field i : root.get("images").list(false)) {
      i.object("name", "size", "platforms", "preloaded");
      String ref = i.get("name").text().trim();
      if (ref.isEmpty() || ref.chars().anyMatch(Character::isWhitespace)) {
        throw i.get("name").error("is not an image reference such as registry.example/app:1.2");
      }
      long size = i.get("size").amount("an image size in bytes (such as 120Mi)", 1);
      Set<Platform> platforms = new LinkedHashSet<>();
      for (Field p : i.get("platforms").list(true)) {
        platforms.add(p.parsed("a platform such as linux/arm64 or linux/arm/v7", Platform::parse));
      }
      if (platforms.isEmpty()) {
        throw i.get("platforms").error("is empty; list the platforms of the image's index");
      }
      double preloaded = i.has("preloaded") ? i.get("preloaded").fraction() : 0;
      if (out.put(ref, new ImageSpec(ref, size, platforms, preloaded)) != null) {
        throw i.get("name").error("is declared twice");
      }
    }
    return out;
  }

  private static NodeType nodeType(String name, Field t) {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new ScenarioException(t.path() + ": " + Field.quote(name)
          + " is not a valid node type name; use letters, digits, '-', '.' and '_'");
    }
    t.object("platform", "cpu", "memory", "pods", "ephemeralStorage", "runtimeHandlers", "labels", "taints");
    Platform platform = t.get("platform").parsed("a platform such as linux/amd64 or linux/arm/v7", Platform::parse);
    long cpu = t.get("cpu").milliCpu();
    long memory = t.get("memory").amount("a memory size in bytes (such as 8Gi)", 1);
    long pods = t.has("pods") ? t.get("pods").integer(1, 10_000) : 110;
    long eph = t.has("ephemeralStorage") ? t.get("ephemeralStorage").amount("a size in bytes", 0) : 0;
    if (cpu <= 0) {
      throw t.get("cpu").error("is not a positive CPU amount");
    }
    Set<String> handlers = new LinkedHashSet<>(List.of("runc"));
    if (t.has("runtimeHandlers")) {
      handlers.clear();
      for (Field h : t.get("runtimeHandlers").list(true)) {
        handlers.add(h.name());
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (t.has("labels")) {
      t.get("labels").entries().forEach((k, v) -> labels.put(k, v.text()));
    }
    List<Taint> taints = new ArrayList<>();
    if (t.has("taints")) {
      for (Field f : t.get("taints").list(true)) {
        taints.add(f.parsed("a taint such as dedicated=gpu:NoSchedule", ScenarioReader::taint));
      }
    }
    return new NodeType(name, platform, new Resources(cpu, memory, eph, pods), handlers, labels, taints);
  }

  private static Taint taint(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected key[=value]:Effect");
    }
    String kv = text.substring(0, colon);
    TaintEffect effect = TaintEffect.fromKubernetesName(text.substring(colon + 1));
    int eq = kv.indexOf('=');
    return eq < 0 ? new Taint(kv, "", effect) : new Taint(kv.substring(0, eq), kv.substring(eq + 1), effect);
  }

  private static UnitGroup unitGroup(Field u, Map<String, NodeType> nodeTypes) {
    u.object("name", "count", "nodes", "region", "mix", "uplink");
    String name = u.get("name").name();
    int count = u.has("count") ? (int) u.get("count").integer(1, MAX_NODES) : 1;
    int nodes = (int) u.get("nodes").integer(1, MAX_NODES);
    List<String> regions = new ArrayList<>();
    if (u.has("region")) {
      for (Field r : u.get("region").list(true)) {
        regions.add(r.name());
      }
    }
    if (regions.isEmpty()) {
      regions.add("");
    }
    Map<String, Integer> mix = new LinkedHashMap<>();
    Field m = u.get("mix");
    if (m.raw().isTextual()) {
      mix.put(m.text(), 1);
    } else {
      m.entries().forEach((k, v) -> mix.put(k, (int) v.integer(0, 1_000_000)));
    }
    for (Map.Entry<String, Integer> e : mix.entrySet()) {
      if (!nodeTypes.containsKey(e.getKey())) {
        throw new ScenarioException(m.path() + ": node type " + Field.quote(e.getKey()) + " is not declared under nodeTypes ("
            + String.join(", ", nodeTypes.keySet()) + ")");
      }
    }
    if (mix.values().stream().mapToLong(Integer::longValue).sum() == 0) {
      throw m.error("has no positive weight; give at least one node type a weight above 0");
    }
    Range bandwidth = null;
    Range latency = Range.fixed(0);
    NetworkMode mode = NetworkMode.UNKNOWN;
    if (u.has("uplink")) {
      Field up = u.get("uplink").object("bandwidth", "latency", "mode");
      if (up.has("bandwidth")) {
        Field b = up.get("bandwidth");
        bandwidth = b.raw().isTextual() && b.text().trim().equals("unlimited") ? null
            : range(b, f -> f.amount("a bandwidth in bits/s (such as 100M or 1G) or unlimited", 1));
      }
      if (up.has("latency")) {
        latency = range(up.get("latency"), f -> f.duration().toMillis());
      }
      if (up.has("mode")) {
        mode = up.get("mode").parsed("a network mode", NetworkMode::fromLabel);
      }
    }
    return new UnitGroup(name, count, nodes, regions, mix, bandwidth, latency, mode);
  }

  private static Range range(Field f, java.util.function.ToLongFunction<Field> value) {
    if (f.raw().isObject()) {
      f.object("min", "max");
      long min = value.applyAsLong(f.get("min"));
      long max = value.applyAsLong(f.get("max"));
      if (min > max) {
        throw f.get("max").error("is below min " + f.get("min").shown());
      }
      return new Range(min, max);
    }
    return Range.fixed(value.applyAsLong(f));
  }

  private static OutageSpec outage(Field o, Set<String> unitNames) {
    o.object("unit", "from", "to", "since");
    Field unit = o.get("unit");
    if (!unitNames.contains(unit.text())) {
      throw unit.error("is not a unit of this scenario" + Names.hint(unit.text(), unitNames));
    }
    int from = o.has("from") ? (int) o.get("from").integer(0, MAX_PODS) : 0;
    int to = o.has("to") ? (int) o.get("to").integer(0, MAX_PODS) : -1;
    if (to != -1 && to <= from) {
      throw o.get("to").error("is not after from (" + from + "); an outage lasts from step from to step to");
    }
    Duration since = Duration.ZERO;
    if (o.has("since")) {
      since = o.get("since").duration();
      if (since.compareTo(Duration.ofDays(30)) > 0) {
        throw o.get("since").error("is longer than 30 days; the simulator's clock does not go back further");
      }
    }
    return new OutageSpec(unit.text(), from, to, since, o.path());
  }

  private static AppGroup appGroup(Field a, Map<String, ImageSpec> images, Map<String, String> runtimeClasses,
                                   Set<String> unitNames) {
    a.object("name", "count", "namespace", "replicas", "containers", "initContainers", "bandwidth", "peers",
        "runtimeClass", "nodeSelector", "architectures", "units");
    String name = a.get("name").name();
    int count = a.has("count") ? (int) a.get("count").integer(1, MAX_PODS) : 1;
    String namespace = a.has("namespace") ? a.get("namespace").name() : "default";
    int replicas = a.has("replicas") ? (int) a.get("replicas").integer(1, MAX_PODS) : 1;
    List<ContainerSpec> containers = containers(a.get("containers"), images);
    if (containers.isEmpty()) {
      throw a.get("containers").error("is empty; an app needs at least one container");
    }
    List<ContainerSpec> init = a.has("initContainers") ? containers(a.get("initContainers"), images) : List.of();
    long ingress = 0;
    long egress = 0;
    if (a.has("bandwidth")) {
      Field b = a.get("bandwidth").object("ingress", "egress");
      ingress = b.has("ingress") ? b.get("ingress").amount("a bandwidth in bits/s (such as 5M)", 0) : 0;
      egress = b.has("egress") ? b.get("egress").amount("a bandwidth in bits/s (such as 5M)", 0) : 0;
    }
    List<PeerSpec> peers = new ArrayList<>();
    if (a.has("peers")) {
      for (Field p : a.get("peers").list(false)) {
        p.object("app", "bandwidth");
        peers.add(new PeerSpec(p.get("app").name(),
            p.get("bandwidth").amount("a bandwidth in bits/s (such as 20M)", 0)));
      }
    }
    String runtimeClass = null;
    if (a.has("runtimeClass")) {
      Field rc = a.get("runtimeClass");
      runtimeClass = rc.name();
      if (!runtimeClasses.containsKey(runtimeClass)) {
        throw rc.error("is not declared under runtimeClasses" + Names.hint(runtimeClass, runtimeClasses.keySet()));
      }
    }
    Map<String, String> selector = new LinkedHashMap<>();
    if (a.has("nodeSelector")) {
      a.get("nodeSelector").entries().forEach((k, v) -> selector.put(k, v.text()));
    }
    Set<String> archs = new LinkedHashSet<>();
    if (a.has("architectures")) {
      for (Field f : a.get("architectures").list(true)) {
        String arch = f.text().trim().toLowerCase(Locale.ROOT);
        if (!arch.matches("[a-z0-9_]+")) {
          throw f.error("is not an architecture such as amd64, arm64 or arm");
        }
        archs.add(arch);
      }
    }
    List<String> units = new ArrayList<>();
    if (a.has("units")) {
      for (Field f : a.get("units").list(true)) {
        String u = f.name();
        for (String expanded : Names.substituteAll(u, count)) {
          if (!unitNames.contains(expanded)) {
            throw f.error("names unit \"" + expanded + "\", which is not a unit of this scenario"
                + Names.hint(expanded, unitNames));
          }
        }
        units.add(u);
      }
    }
    return new AppGroup(name, count, namespace, replicas, containers, init, ingress, egress, peers, runtimeClass,
        selector, archs, units, a.path());
  }

  private static List<ContainerSpec> containers(Field list, Map<String, ImageSpec> images) {
    List<ContainerSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Field c : list.list(false)) {
      c.object("name", "image", "cpu", "memory");
      String name = c.has("name") ? c.get("name").name() : "c" + out.size();
      if (!names.add(name)) {
        throw c.get("name").error("is used by two containers of one app");
      }
      List<String> refs = new ArrayList<>();
      for (Field i : c.get("image").list(true)) {
        String ref = i.text().trim();
        if (!images.containsKey(ref)) {
          throw i.error("is not declared under images" + Names.hint(ref, images.keySet()));
        }
        refs.add(ref);
      }
      if (refs.isEmpty()) {
        throw c.get("image").error("is empty; give an image");
      }
      long cpu = c.has("cpu") ? c.get("cpu").milliCpu() : 0;
      long memory = c.has("memory") ? c.get("memory").amount("a memory size in bytes (such as 256Mi)", 0) : 0;
      out.add(new ContainerSpec(name, refs, cpu, memory));
    }
    return out;
  }

  private static void checkPeers(List<AppGroup> apps, Set<String> appNames) {
    for (AppGroup g : apps) {
      for (int p = 0; p < g.peers().size(); p++) {
        String peer = g.peers().get(p).app();
        for (String expanded : Names.substituteAll(peer, g.count())) {
          if (!appNames.contains(expanded)) {
            throw new ScenarioException(g.path() + ".peers[" + p + "].app: \"" + expanded
                + "\" is not an app of this scenario" + Names.hint(expanded, appNames));
          }
        }
      }
    }
  }
}
