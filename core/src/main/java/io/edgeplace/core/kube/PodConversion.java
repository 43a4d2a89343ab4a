package io.edgeplace.core.kube;

import io.edgeplace.api.Container;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.Toleration;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/* fabric8 Pod -> api Workload (to place) or PlacedPod (already bound). */
final class PodConversion {
  private PodConversion() {
  }

  private static final String BETA_ARCH = "beta.kubernetes.io/arch";

  static String objectName(@Nullable ObjectMeta meta) {
    String ns = meta == null || meta.getNamespace() == null || meta.getNamespace().isEmpty()
        ? "default" : meta.getNamespace();
    return ns + "/" + Context.name(meta);
  }

  private static String requireName(@Nullable ObjectMeta meta) {
    String name = Context.name(meta);
    if (name.isEmpty()) {
      throw new InvalidValueException("", "is missing or empty; every pod needs a name").at("Pod", "metadata.name");
    }
    return name;
  }

  private static String namespace(@Nullable ObjectMeta meta) {
    String ns = meta == null ? null : meta.getNamespace();
    return ns == null || ns.isEmpty() ? "default" : ns;
  }

  static Workload workload(Pod pod, AdapterConfig config) {
    ObjectMeta meta = pod.getMetadata();
    String name = requireName(meta);
    String namespace = namespace(meta);
    Context cx = new Context("Pod", namespace, name, config);
    Map<String, String> labels = Context.clean(meta.getLabels());
    Map<String, String> annotations = Context.clean(meta.getAnnotations());
    PodSpec spec = pod.getSpec();

    Set<Platform> platforms = cx.annotation(annotations, WellKnownKeys.PLATFORMS, Annotations::platforms);
    if (platforms == null) {
      platforms = Set.of();
    }
    List<Container> containers = containers(cx, "spec.containers", spec == null ? null : spec.getContainers(),
        platforms);
    List<Container> inits = containers(cx, "spec.initContainers", spec == null ? null : spec.getInitContainers(),
        platforms);

    Set<String> allowed = allowedUnits(cx, annotations, spec, config);
    Set<String> archs = requiredArchitectures(cx, spec);
    String runtimeClass = spec == null || spec.getRuntimeClassName() == null || spec.getRuntimeClassName().isEmpty()
        ? null : spec.getRuntimeClassName();

    return Workload.builder(namespace, name)
        .labels(labels)
        .annotations(annotations)
        .containers(containers)
        .initContainers(inits)
        .requests(requests(cx, spec))
        .ingressBitsPerSecond(bandwidth(cx, annotations, WellKnownKeys.INGRESS_BANDWIDTH))
        .egressBitsPerSecond(bandwidth(cx, annotations, WellKnownKeys.EGRESS_BANDWIDTH))
        .trafficPeers(peers(cx, annotations))
        .runtimeClassName(runtimeClass)
        .allowedUnits(allowed)
        .requiredArchitectures(archs)
        .nodeSelector(spec == null ? Map.of() : Context.clean(spec.getNodeSelector()))
        .tolerations(tolerations(cx, spec))
        .owner(owner(meta))
        .build();
  }

  /** The pod as placed, or null when it is not bound to a node or has terminated. */
  static @Nullable PlacedPod placed(Pod pod, AdapterConfig config) {
    PodSpec spec = pod.getSpec();
    String node = spec == null ? null : spec.getNodeName();
    if (node == null || node.isEmpty()) {
      return null;
    }
    PodStatus status = pod.getStatus();
    String phase = status == null ? null : status.getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return null;
    }
    ObjectMeta meta = pod.getMetadata();
    String name = requireName(meta);
    String namespace = namespace(meta);
    Context cx = new Context("Pod", namespace, name, config);
    Map<String, String> annotations = meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    return new PlacedPod(namespace, name, node, Context.clean(meta.getLabels()), owner(meta), requests(cx, spec),
        bandwidth(cx, annotations, WellKnownKeys.INGRESS_BANDWIDTH),
        bandwidth(cx, annotations, WellKnownKeys.EGRESS_BANDWIDTH), peers(cx, annotations));
  }

  private static long bandwidth(Context cx, Map<String, String> annotations, String key) {
    return cx.annotationLong(annotations, key, Annotations::bandwidth, 0);
  }

  private static List<TrafficPeer> peers(Context cx, Map<String, String> annotations) {
    List<TrafficPeer> peers = cx.annotation(annotations, WellKnownKeys.TRAFFIC_PEERS, Annotations::trafficPeers);
    return peers == null ? List.of() : peers;
  }

  private static List<Container> containers(Context cx, String field,
                                            @Nullable List<io.fabric8.kubernetes.api.model.Container> list,
                                            Set<Platform> platforms) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<Container> result = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      io.fabric8.kubernetes.api.model.Container c = list.get(i);
      if (c == null) {
        continue;
      }
      result.add(new Container(c.getName() == null ? "" : c.getName(), c.getImage() == null ? "" : c.getImage(),
          platforms, containerRequests(cx, field, i, c.getResources())));
    }
    return result;
  }

  /* A container's requests; a resource with a limit but no request is requested at its limit, as the API server defaults it. */
  private static Resources containerRequests(Context cx, String field, int index, @Nullable ResourceRequirements r) {
    if (r == null) {
      return Resources.ZERO;
    }
    Map<String, Quantity> requests = r.getRequests();
    Map<String, Quantity> limits = r.getLimits();
    if (limits == null || limits.isEmpty()) {
      return NodeConversion.resources(cx, requests, false, field, index, ".resources.requests");
    }
    Map<String, Quantity> merged = new HashMap<>(limits);
    if (requests != null) {
      requests.forEach((k, v) -> {
        if (v != null) {
          merged.put(k, v);
        }
      });
    }
    return NodeConversion.resources(cx, merged, false, field, index, ".resources.requests");
  }

  /*
   * Effective pod requests as kube-scheduler computes them: the sum of the app containers and of
   * the restartable (sidecar) init containers, or the largest need of an init container step if
   * larger, plus the pod overhead; one pod.
   */
  static Resources requests(Context cx, @Nullable PodSpec spec) {
    if (spec == null) {
      return new Resources(0, 0, 0, 1);
    }
    long cpu = 0;
    long mem = 0;
    long eph = 0;
    List<io.fabric8.kubernetes.api.model.Container> cs = spec.getContainers();
    if (cs != null) {
      for (int i = 0; i < cs.size(); i++) {
        io.fabric8.kubernetes.api.model.Container c = cs.get(i);
        if (c != null) {
          Resources r = containerRequests(cx, "spec.containers", i, c.getResources());
          cpu = add(cpu, r.milliCpu());
          mem = add(mem, r.memoryBytes());
          eph = add(eph, r.ephemeralStorageBytes());
        }
      }
    }
    List<io.fabric8.kubernetes.api.model.Container> ics = spec.getInitContainers();
    if (ics != null && !ics.isEmpty()) {
      long sideCpu = 0;
      long sideMem = 0;
      long sideEph = 0;
      long initCpu = 0;
      long initMem = 0;
      long initEph = 0;
      for (int i = 0; i < ics.size(); i++) {
        io.fabric8.kubernetes.api.model.Container c = ics.get(i);
        if (c == null) {
          continue;
        }
        Resources r = containerRequests(cx, "spec.initContainers", i, c.getResources());
        long stepCpu;
        long stepMem;
        long stepEph;
        if ("Always".equals(c.getRestartPolicy())) {
          sideCpu = add(sideCpu, r.milliCpu());
          sideMem = add(sideMem, r.memoryBytes());
          sideEph = add(sideEph, r.ephemeralStorageBytes());
          stepCpu = sideCpu;
          stepMem = sideMem;
          stepEph = sideEph;
        } else {
          stepCpu = add(r.milliCpu(), sideCpu);
          stepMem = add(r.memoryBytes(), sideMem);
          stepEph = add(r.ephemeralStorageBytes(), sideEph);
        }
        initCpu = Math.max(initCpu, stepCpu);
        initMem = Math.max(initMem, stepMem);
        initEph = Math.max(initEph, stepEph);
      }
      cpu = Math.max(add(cpu, sideCpu), initCpu);
      mem = Math.max(add(mem, sideMem), initMem);
      eph = Math.max(add(eph, sideEph), initEph);
    }
    Resources overhead = NodeConversion.resources(cx, spec.getOverhead(), false, "spec.overhead", -1, "");
    return new Resources(add(cpu, overhead.milliCpu()), add(mem, overhead.memoryBytes()),
        add(eph, overhead.ephemeralStorageBytes()), 1);
  }

  private static Set<String> allowedUnits(Context cx, Map<String, String> annotations, @Nullable PodSpec spec,
                                          AdapterConfig config) {
    Set<String> fromAnnotation = cx.annotation(annotations, WellKnownKeys.ALLOWED_UNITS, Annotations::allowedUnits);
    Set<String> fromAffinity = requiredIn(spec, new HashSet<>(config.unitLabels()));
    if (fromAnnotation == null) {
      return fromAffinity == null ? Set.of() : fromAffinity;
    }
    if (fromAffinity == null) {
      return fromAnnotation;
    }
    Set<String> both = new LinkedHashSet<>(fromAnnotation);
    both.retainAll(fromAffinity);
    if (both.isEmpty()) {
      cx.problem(Context.annotationPath(WellKnownKeys.ALLOWED_UNITS), annotations.get(WellKnownKeys.ALLOWED_UNITS),
          "shares no unit with the units the pod's required node affinity allows " + sorted(fromAffinity)
              + ", so the pod fits nowhere; Maybe align the two?");
      return fromAffinity;
    }
    return both;
  }

  private static Set<String> requiredArchitectures(Context cx, @Nullable PodSpec spec) {
    Set<String> archs = requiredIn(spec, Set.of(WellKnownKeys.ARCH, BETA_ARCH));
    Map<String, String> selector = spec == null ? null : spec.getNodeSelector();
    String selected = selector == null ? null : selector.get(WellKnownKeys.ARCH);
    if (selected == null || selected.isEmpty()) {
      return archs == null ? Set.of() : archs;
    }
    if (archs == null) {
      return Set.of(selected);
    }
    if (!archs.contains(selected)) {
      cx.problem("spec.nodeSelector[\"" + WellKnownKeys.ARCH + "\"]", selected,
          "is not among the architectures the pod's required node affinity allows " + sorted(archs)
              + ", so the pod fits nowhere; Maybe align the two?");
      return archs;
    }
    return Set.of(selected);
  }

  /*
   * The values a required node affinity allows for the given label keys: only when every term
   * (terms are ORed) has an "In" expression on one of them, the union over terms of each term's
   * intersection; null when some term leaves the keys free, so that it is never widened.
   */
  private static @Nullable Set<String> requiredIn(@Nullable PodSpec spec, Set<String> keys) {
    Affinity affinity = spec == null ? null : spec.getAffinity();
    NodeAffinity na = affinity == null ? null : affinity.getNodeAffinity();
    NodeSelector required = na == null ? null : na.getRequiredDuringSchedulingIgnoredDuringExecution();
    List<NodeSelectorTerm> terms = required == null ? null : required.getNodeSelectorTerms();
    if (terms == null || terms.isEmpty()) {
      return null;
    }
    Set<String> union = new LinkedHashSet<>();
    for (NodeSelectorTerm term : terms) {
      List<NodeSelectorRequirement> exprs = term == null ? null : term.getMatchExpressions();
      Set<String> termValues = null;
      if (exprs != null) {
        for (NodeSelectorRequirement r : exprs) {
          if (r == null || !"In".equals(r.getOperator()) || !keys.contains(r.getKey())) {
            continue;
          }
          Set<String> values = new LinkedHashSet<>();
          if (r.getValues() != null) {
            for (String v : r.getValues()) {
              if (v != null) {
                values.add(v);
              }
            }
          }
          if (termValues == null) {
            termValues = values;
          } else {
            termValues.retainAll(values);
          }
        }
      }
      if (termValues == null) {
        return null;
      }
      union.addAll(termValues);
    }
    return union;
  }

  private static List<Toleration> tolerations(Context cx, @Nullable PodSpec spec) {
    List<io.fabric8.kubernetes.api.model.Toleration> list = spec == null ? null : spec.getTolerations();
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    List<Toleration> result = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      io.fabric8.kubernetes.api.model.Toleration t = list.get(i);
      if (t == null) {
        continue;
      }
      String op = t.getOperator();
      boolean exists;
      if (op == null || op.isEmpty() || op.equals("Equal")) {
        exists = false;
      } else if (op.equals("Exists")) {
        exists = true;
      } else {
        cx.problem("spec.tolerations[" + i + "].operator", op, "is not a toleration operator; expected Exists or Equal");
        continue;
      }
      TaintEffect effect = null;
      if (t.getEffect() != null && !t.getEffect().isEmpty()) {
        effect = cx.parse("spec.tolerations[" + i + "].effect", t.getEffect(), NodeConversion::effect);
        if (effect == null) {
          continue;
        }
      }
      String key = t.getKey() == null ? "" : t.getKey();
      if (key.isEmpty() && !exists) {
        cx.problem("spec.tolerations[" + i + "].key", "", "is empty with operator Equal; an empty key needs operator Exists");
        continue;
      }
      result.add(new Toleration(key, exists, exists || t.getValue() == null ? "" : t.getValue(), effect));
    }
    return result;
  }

  static @Nullable OwnerRef owner(@Nullable ObjectMeta meta) {
    List<OwnerReference> refs = meta == null ? null : meta.getOwnerReferences();
    if (refs == null) {
      return null;
    }
    for (OwnerReference r : refs) {
      if (r != null && Boolean.TRUE.equals(r.getController())) {
        return new OwnerRef(r.getKind() == null ? "" : r.getKind(), r.getName() == null ? "" : r.getName(),
            r.getUid() == null ? "" : r.getUid());
      }
    }
    return null;
  }

  /* Saturating: absurd requests stay absurd instead of wrapping around. */
  private static long add(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static List<String> sorted(Set<String> set) {
    List<String> list = new ArrayList<>(set);
    list.sort(null);
    return list;
  }
}
