package io.edgeplace.core.kube;

import io.edgeplace.api.Node;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.WellKnownKeys;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeRuntimeHandler;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/* fabric8 Node -> api Node, following the conventions of ARCHITECTURE.md. */
final class NodeConversion {
  private NodeConversion() {
  }

  private static final String BETA_ARCH = "beta.kubernetes.io/arch";
  private static final String BETA_OS = "beta.kubernetes.io/os";
  private static final Set<String> DEFAULT_HANDLERS = Set.of("runc");

  static Node convert(io.fabric8.kubernetes.api.model.Node k, AdapterConfig config) {
    ObjectMeta meta = k.getMetadata();
    String name = Context.name(meta);
    if (name.isEmpty()) {
      throw new InvalidValueException("", "is missing or empty; every node needs a name").at("Node", "metadata.name");
    }
    Context cx = new Context("Node", null, name, config);
    Map<String, String> labels = Context.clean(meta.getLabels());
    Map<String, String> annotations = Context.clean(meta.getAnnotations());
    NodeStatus status = k.getStatus();
    NodeSpec spec = k.getSpec();

    String unit = unitOf(name, labels, config);
    String region = labels.getOrDefault(WellKnownKeys.TOPOLOGY_REGION, "");
    Platform platform = platform(cx, labels, status == null ? null : status.getNodeInfo());

    Map<String, Quantity> alloc = status == null ? null : status.getAllocatable();
    String allocField = "status.allocatable";
    if ((alloc == null || alloc.isEmpty()) && status != null && status.getCapacity() != null) {
      alloc = status.getCapacity();
      allocField = "status.capacity";
    }
    Resources allocatable = resources(cx, alloc, true, allocField, -1, "");

    Set<String> handlers = cx.annotation(annotations, WellKnownKeys.RUNTIME_HANDLERS, Annotations::runtimeHandlers);
    if (handlers == null) {
      handlers = statusHandlers(status);
    }

    boolean ready = false;
    Instant heartbeat = null;
    List<NodeCondition> conditions = status == null ? null : status.getConditions();
    if (conditions != null) {
      for (int i = 0; i < conditions.size(); i++) {
        NodeCondition c = conditions.get(i);
        if (c != null && "Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus());
          String text = c.getLastHeartbeatTime();
          heartbeat = text == null ? null : fastTime(text);
          if (heartbeat == null) {
            heartbeat = cx.parse("status.conditions[" + i + "].lastHeartbeatTime", text, NodeConversion::time);
          }
          break;
        }
      }
    }

    return new Node(name, unit, region, platform, allocatable, Resources.ZERO, handlers,
        images(status), ready, heartbeat, labels, annotations, taints(cx, spec),
        spec != null && Boolean.TRUE.equals(spec.getUnschedulable()));
  }

  static String unitOf(String nodeName, Map<String, String> labels, AdapterConfig config) {
    for (String key : config.unitLabels()) {
      String v = labels.get(key);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    return config.unitPerUnlabeledNode() ? nodeName : config.defaultUnit();
  }

  private static Platform platform(Context cx, Map<String, String> labels, @Nullable NodeSystemInfo info) {
    String osField = Context.labelPath(WellKnownKeys.OS);
    String os = labels.get(WellKnownKeys.OS);
    if (os == null) {
      os = labels.get(BETA_OS);
      osField = Context.labelPath(BETA_OS);
    }
    if (os == null && info != null && info.getOperatingSystem() != null) {
      os = info.getOperatingSystem();
      osField = "status.nodeInfo.operatingSystem";
    }
    if (os == null || !isPlatformPart(os)) {
      if (os != null) {
        cx.problem(osField, os, "is not an operating system name; expected a value such as \"linux\"");
      }
      os = "linux";
    }
    String archField = Context.labelPath(WellKnownKeys.ARCH);
    String arch = labels.get(WellKnownKeys.ARCH);
    if (arch == null) {
      arch = labels.get(BETA_ARCH);
      archField = Context.labelPath(BETA_ARCH);
    }
    if (arch == null && info != null && info.getArchitecture() != null) {
      arch = info.getArchitecture();
      archField = "status.nodeInfo.architecture";
    }
    if (arch == null) {
      cx.problem(Context.labelPath(WellKnownKeys.ARCH), "", "is missing, and so is status.nodeInfo.architecture; "
          + (cx.ignoring() ? "edgeplace treats the node as amd64 (kubelet's default); " : "")
          + "Maybe label the node with its real kubernetes.io/arch (amd64, arm64 or arm)?");
      arch = "amd64";
    } else if (!isPlatformPart(arch)) {
      cx.problem(archField, arch, "is not an architecture; expected a value such as amd64, arm64 or arm"
          + (cx.ignoring() ? "; edgeplace treats the node as amd64 (kubelet's default)" : ""));
      arch = "amd64";
    }
    String variant = labels.getOrDefault(WellKnownKeys.ARCH_VARIANT, "");
    if (!variant.isEmpty() && !isPlatformPart(variant)) {
      cx.problem(Context.labelPath(WellKnownKeys.ARCH_VARIANT), variant,
          "is not an architecture variant; expected v6, v7 or v8");
      variant = "";
    }
    if (!arch.equals("arm") && !arch.equals("arm64")) {
      variant = ""; // variants are only read for arm, as documented
    }
    return Platform.of(os, arch, variant);
  }

  private static boolean isPlatformPart(String s) {
    if (s.isEmpty() || s.length() > 63) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /**
   * cpu, memory, ephemeral-storage and (for nodes) pods from a resource list. The field path
   * ({@code base[index]tail["cpu"]}, index -1 for none) is only built for an error message.
   */
  static Resources resources(Context cx, @Nullable Map<String, Quantity> list, boolean withPods, String base,
                             int index, String tail) {
    if (list == null || list.isEmpty()) {
      return Resources.ZERO;
    }
    long cpu = quantity(cx, list, "cpu", true, base, index, tail);
    long mem = quantity(cx, list, "memory", false, base, index, tail);
    long eph = quantity(cx, list, "ephemeral-storage", false, base, index, tail);
    long pods = withPods ? quantity(cx, list, "pods", false, base, index, tail) : 0;
    return new Resources(cpu, mem, eph, pods);
  }

  private static long quantity(Context cx, Map<String, Quantity> list, String resource, boolean milli, String base,
                               int index, String tail) {
    String text = Context.text(list.get(resource));
    if (text == null) {
      return 0;
    }
    try {
      return milli ? Quantities.milliCpu(text) : Quantities.bytes(text);
    } catch (InvalidValueException e) {
      cx.report(e.at(cx.object(), base + (index < 0 ? "" : "[" + index + "]") + tail + "[\"" + resource + "\"]"));
      return 0;
    }
  }

  private static Set<String> statusHandlers(@Nullable NodeStatus status) {
    List<NodeRuntimeHandler> list = status == null ? null : status.getRuntimeHandlers();
    if (list == null || list.isEmpty()) {
      return DEFAULT_HANDLERS;
    }
    Set<String> names = new LinkedHashSet<>();
    for (NodeRuntimeHandler h : list) {
      // the unnamed handler is the runtime's default one
      String n = h == null ? null : h.getName();
      names.add(n == null || n.isEmpty() ? "runc" : n);
    }
    return names;
  }

  private static Map<String, Long> images(@Nullable NodeStatus status) {
    List<ContainerImage> list = status == null ? null : status.getImages();
    if (list == null || list.isEmpty()) {
      return Map.of();
    }
    Map<String, Long> images = new HashMap<>(list.size() * 4);
    for (ContainerImage image : list) {
      if (image == null || image.getNames() == null) {
        continue;
      }
      Long size = image.getSizeBytes();
      long bytes = size == null || size < 0 ? 0 : size;
      for (String n : image.getNames()) {
        if (n != null && !n.isEmpty()) {
          images.merge(n, bytes, Math::max);
        }
      }
    }
    return images;
  }

  private static List<Taint> taints(Context cx, @Nullable NodeSpec spec) {
    List<io.fabric8.kubernetes.api.model.Taint> list = spec == null ? null : spec.getTaints();
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<Taint> taints = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      io.fabric8.kubernetes.api.model.Taint t = list.get(i);
      if (t == null) {
        continue;
      }
      if (t.getKey() == null || t.getKey().isEmpty()) {
        cx.problem("spec.taints[" + i + "].key", "", "is missing; every taint needs a key");
        continue;
      }
      TaintEffect effect = cx.parse("spec.taints[" + i + "].effect", t.getEffect() == null ? "" : t.getEffect(),
          NodeConversion::effect);
      if (effect != null) {
        taints.add(new Taint(t.getKey(), t.getValue() == null ? "" : t.getValue(), effect));
      }
    }
    return taints;
  }

  static TaintEffect effect(String name) {
    for (TaintEffect e : TaintEffect.values()) {
      if (e.kubernetesName().equals(name)) {
        return e;
      }
    }
    throw new InvalidValueException(name, "is not a taint effect; expected NoSchedule, PreferNoSchedule or NoExecute");
  }

  /* The common form yyyy-MM-ddTHH:mm:ssZ without a formatter; null for anything else. */
  static @Nullable Instant fastTime(String t) {
    if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
        || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0
        || minute > 59 || second < 0 || second > 59) {
      return null; // days 29-31 and leap seconds take the careful path
    }
    return java.time.LocalDateTime.of(year, month, day, hour, minute, second).toInstant(java.time.ZoneOffset.UTC);
  }

  private static int digits(String s, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** An RFC 3339 time, as Kubernetes writes it ({@code 2026-11-25T17:30:00Z}). */
  static Instant time(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidValueException(text, "is not an RFC 3339 time; expected a value such as \"2026-11-25T17:30:00Z\"");
    }
  }
}
