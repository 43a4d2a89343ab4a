package io.edgeplace.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable view of a cluster at one instant: nodes, units, placed pods and runtime classes,
 * indexed for the placement hot path.
 *
 * <p>Nodes and units are sorted by name and addressed by a dense index ({@code 0 ..
 * nodeCount()-1}), so that plugins precompute per unit or per platform into arrays and the
 * per-node loop does no map lookup: {@link #unitOf(int)} and {@link #platformOf(int)} are array
 * reads. Results therefore never depend on the order the nodes were given in.
 *
 * <p>Pod changes ({@link #withPod}, {@link #withoutPod}) return a new snapshot in time
 * proportional to the node count, not the pod count: per-node requested resources, per-unit
 * bandwidth sums and the label index are kept incrementally. Older snapshots stay valid.
 */
public final class ClusterSnapshot {

  private static final PlacedPod[] NO_PODS = new PlacedPod[0];

  private final Instant time;
  private final Node[] nodes;
  private final Map<String, Integer> nodeIndex;
  private final Unit[] units;
  private final Map<String, Integer> unitIndex;
  private final int[] unitOfNode;
  private final int[][] nodesOfUnit;
  private final Platform[] platforms;
  private final int[] platformOfNode;
  private final Map<String, String> runtimeClassHandlers;

  private final ChunkedMap<String, PlacedPod> podsByKey;
  private final PlacedPod[][] podsByNode;
  private final Resources[] requestedByNode;
  private final long[] unitIngress;
  private final long[] unitEgress;
  private final ChunkedMap<String, PlacedPod[]> podsByLabel;

  private ClusterSnapshot(Instant time, Node[] nodes, Map<String, Integer> nodeIndex, Unit[] units,
                          Map<String, Integer> unitIndex, int[] unitOfNode, int[][] nodesOfUnit, Platform[] platforms,
                          int[] platformOfNode, Map<String, String> runtimeClassHandlers,
                          ChunkedMap<String, PlacedPod> podsByKey, PlacedPod[][] podsByNode,
                          Resources[] requestedByNode, long[] unitIngress, long[] unitEgress,
                          ChunkedMap<String, PlacedPod[]> podsByLabel) {
    this.time = time;
    this.nodes = nodes;
    this.nodeIndex = nodeIndex;
    this.units = units;
    this.unitIndex = unitIndex;
    this.unitOfNode = unitOfNode;
    this.nodesOfUnit = nodesOfUnit;
    this.platforms = platforms;
    this.platformOfNode = platformOfNode;
    this.runtimeClassHandlers = runtimeClassHandlers;
    this.podsByKey = podsByKey;
    this.podsByNode = podsByNode;
    this.requestedByNode = requestedByNode;
    this.unitIngress = unitIngress;
    this.unitEgress = unitEgress;
    this.podsByLabel = podsByLabel;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** An empty snapshot at {@code time}. */
  public static ClusterSnapshot empty(Instant time) {
    return builder().time(time).build();
  }

  /** The instant this snapshot describes; heartbeat ages are measured against it. */
  public Instant time() {
    return time;
  }

  // ---- nodes ----

  public int nodeCount() {
    return nodes.length;
  }

  public Node node(int index) {
    return nodes[index];
  }

  /** The index of the named node, or -1. */
  public int nodeIndex(String name) {
    Integer i = nodeIndex.get(name);
    return i == null ? -1 : i;
  }

  public Optional<Node> node(String name) {
    Integer i = nodeIndex.get(name);
    return i == null ? Optional.empty() : Optional.of(nodes[i]);
  }

  /** All nodes, sorted by name. */
  public List<Node> nodes() {
    return List.of(nodes);
  }

  /** The index of the unit of node {@code node}. */
  public int unitOf(int node) {
    return unitOfNode[node];
  }

  /** The index into {@link #platform(int)} of node {@code node}'s platform. */
  public int platformOf(int node) {
    return platformOfNode[node];
  }

  /** The number of distinct node platforms. */
  public int platformCount() {
    return platforms.length;
  }

  public Platform platform(int platformIndex) {
    return platforms[platformIndex];
  }

  // ---- units ----

  public int unitCount() {
    return units.length;
  }

  public Unit unit(int index) {
    return units[index];
  }

  /** The index of the named unit, or -1. */
  public int unitIndex(String name) {
    Integer i = unitIndex.get(name);
    return i == null ? -1 : i;
  }

  public Optional<Unit> unit(String name) {
    Integer i = unitIndex.get(name);
    return i == null ? Optional.empty() : Optional.of(units[i]);
  }

  /** All units, sorted by name. */
  public List<Unit> units() {
    return List.of(units);
  }

  /** The number of nodes in unit {@code unit}. */
  public int unitSize(int unit) {
    return nodesOfUnit[unit].length;
  }

  /** The {@code k}-th node index (by name order) of unit {@code unit}. */
  public int unitNode(int unit, int k) {
    return nodesOfUnit[unit][k];
  }

  // ---- runtime classes ----

  /** RuntimeClass name to handler, as in the cluster's RuntimeClass objects. */
  public Map<String, String> runtimeClassHandlers() {
    return runtimeClassHandlers;
  }

  // ---- pods ----

  public int podCount() {
    return podsByKey.size();
  }

  public Optional<PlacedPod> pod(String namespace, String name) {
    return Optional.ofNullable(podsByKey.get(namespace + "/" + name));
  }

  /** All placed pods, sorted by {@code namespace/name}. */
  public List<PlacedPod> pods() {
    List<PlacedPod> all = new ArrayList<>(podsByKey.size());
    podsByKey.forEach((k, p) -> all.add(p));
    all.sort(Comparator.comparing(PlacedPod::key));
    return all;
  }

  /** The pods on node {@code node}. */
  public List<PlacedPod> podsOn(int node) {
    return List.of(podsByNode[node]);
  }

  /** The requests of all pods on node {@code node}, plus the node's own {@link Node#requested()}. */
  public Resources requested(int node) {
    return requestedByNode[node];
  }

  /** Sum of {@code kubernetes.io/ingress-bandwidth} of the pods placed in unit {@code unit}, bits/s. */
  public long unitIngressBitsPerSecond(int unit) {
    return unitIngress[unit];
  }

  /** Sum of {@code kubernetes.io/egress-bandwidth} of the pods placed in unit {@code unit}, bits/s. */
  public long unitEgressBitsPerSecond(int unit) {
    return unitEgress[unit];
  }

  /**
   * The placed pods that {@code selector} matches, found through a label index (never a scan of
   * every pod), sorted by key.
   */
  public List<PlacedPod> podsMatching(LabelSelector selector) {
    PlacedPod[] smallest = null;
    for (Map.Entry<String, String> term : selector.matchLabels().entrySet()) {
      PlacedPod[] candidates = podsByLabel.get(term.getKey() + "=" + term.getValue());
      if (candidates == null) {
        return List.of();
      }
      if (smallest == null || candidates.length < smallest.length) {
        smallest = candidates;
      }
    }
    if (smallest == null) {
      return List.of();
    }
    List<PlacedPod> result = new ArrayList<>(smallest.length);
    for (PlacedPod p : smallest) {
      if (selector.matches(p.labels())) {
        result.add(p);
      }
    }
    result.sort(Comparator.comparing(PlacedPod::key));
    return result;
  }

  // ---- changes ----

  /** This snapshot at another instant. */
  public ClusterSnapshot withTime(Instant newTime) {
    return new ClusterSnapshot(Objects.requireNonNull(newTime, "time"), nodes, nodeIndex, units, unitIndex,
        unitOfNode, nodesOfUnit, platforms, platformOfNode, runtimeClassHandlers, podsByKey, podsByNode,
        requestedByNode, unitIngress, unitEgress, podsByLabel);
  }

  /** This snapshot with {@code pod} added, or replacing the pod of the same namespace and name. */
  public ClusterSnapshot withPod(PlacedPod pod) {
    return new PodChange(this).remove(pod.key()).add(pod).finish();
  }

  /** This snapshot without the named pod (itself if there is none). */
  public ClusterSnapshot withoutPod(String namespace, String name) {
    String key = namespace + "/" + name;
    if (podsByKey.get(key) == null) {
      return this;
    }
    return new PodChange(this).remove(key).finish();
  }

  /**
   * This snapshot with {@code node} added or replacing the node of the same name. Replacing a
   * node in place (same unit and platform) costs one array copy; anything else rebuilds the
   * indexes.
   */
  public ClusterSnapshot withNode(Node node) {
    Integer i = nodeIndex.get(node.name());
    if (i != null && nodes[i].unit().equals(node.unit()) && nodes[i].platform().equals(node.platform())
        && nodes[i].requested().equals(node.requested())) {
      Node[] copy = nodes.clone();
      copy[i] = node;
      return new ClusterSnapshot(time, copy, nodeIndex, units, unitIndex, unitOfNode, nodesOfUnit, platforms,
          platformOfNode, runtimeClassHandlers, podsByKey, podsByNode, requestedByNode, unitIngress, unitEgress,
          podsByLabel);
    }
    return toBuilder().node(node).build();
  }

  /** This snapshot without the named node; its pods stay listed but count on no node. */
  public ClusterSnapshot withoutNode(String name) {
    if (!nodeIndex.containsKey(name)) {
      return this;
    }
    Builder b = toBuilder();
    b.nodes.remove(name);
    return b.build();
  }

  /** This snapshot with {@code unit} added or replacing the unit of the same name. */
  public ClusterSnapshot withUnit(Unit unit) {
    return toBuilder().unit(unit).build();
  }

  /** A builder holding everything in this snapshot. */
  public Builder toBuilder() {
    Builder b = new Builder().time(time).nodes(List.of(nodes)).units(List.of(units));
    b.runtimeClassHandlers.putAll(runtimeClassHandlers);
    podsByKey.forEach((k, p) -> b.pods.put(k, p));
    return b;
  }

  /* One pod change, applied to copies of the arrays it touches. */
  private static final class PodChange {
    private final ClusterSnapshot s;
    private ChunkedMap<String, PlacedPod> byKey;
    private PlacedPod @org.jspecify.annotations.Nullable [][] byNode;
    private Resources @org.jspecify.annotations.Nullable [] requested;
    private long @org.jspecify.annotations.Nullable [] ingress;
    private long @org.jspecify.annotations.Nullable [] egress;
    private ChunkedMap<String, PlacedPod[]> byLabel;

    PodChange(ClusterSnapshot s) {
      this.s = s;
      this.byKey = s.podsByKey;
      this.byLabel = s.podsByLabel;
    }

    private void copyArrays() {
      if (byNode == null) {
        byNode = s.podsByNode.clone();
        requested = s.requestedByNode.clone();
        ingress = s.unitIngress.clone();
        egress = s.unitEgress.clone();
      }
    }

    PodChange remove(String key) {
      PlacedPod old = byKey.get(key);
      if (old == null) {
        return this;
      }
      byKey = byKey.with(key, null);
      for (Map.Entry<String, String> l : old.labels().entrySet()) {
        String lk = l.getKey() + "=" + l.getValue();
        PlacedPod[] list = byLabel.get(lk);
        if (list != null) {
          PlacedPod[] smaller = without(list, old);
          byLabel = byLabel.with(lk, smaller.length == 0 ? null : smaller);
        }
      }
      Integer n = s.nodeIndex.get(old.nodeName());
      if (n != null) {
        copyArrays();
        byNode[n] = without(byNode[n], old);
        requested[n] = requested[n].minus(old.requests());
        int u = s.unitOfNode[n];
        ingress[u] -= old.ingressBitsPerSecond();
        egress[u] -= old.egressBitsPerSecond();
      }
      return this;
    }

    PodChange add(PlacedPod pod) {
      byKey = byKey.with(pod.key(), pod);
      for (Map.Entry<String, String> l : pod.labels().entrySet()) {
        String lk = l.getKey() + "=" + l.getValue();
        PlacedPod[] list = byLabel.get(lk);
        byLabel = byLabel.with(lk, with(list == null ? NO_PODS : list, pod));
      }
      Integer n = s.nodeIndex.get(pod.nodeName());
      if (n != null) {
        copyArrays();
        byNode[n] = with(byNode[n], pod);
        requested[n] = requested[n].plus(pod.requests());
        int u = s.unitOfNode[n];
        ingress[u] += pod.ingressBitsPerSecond();
        egress[u] += pod.egressBitsPerSecond();
      }
      return this;
    }

    ClusterSnapshot finish() {
      return new ClusterSnapshot(s.time, s.nodes, s.nodeIndex, s.units, s.unitIndex, s.unitOfNode, s.nodesOfUnit,
          s.platforms, s.platformOfNode, s.runtimeClassHandlers, byKey, byNode == null ? s.podsByNode : byNode,
          requested == null ? s.requestedByNode : requested, ingress == null ? s.unitIngress : ingress,
          egress == null ? s.unitEgress : egress, byLabel);
    }

    private static PlacedPod[] with(PlacedPod[] list, PlacedPod pod) {
      PlacedPod[] copy = Arrays.copyOf(list, list.length + 1);
      copy[list.length] = pod;
      return copy;
    }

    private static PlacedPod[] without(PlacedPod[] list, PlacedPod pod) {
      for (int i = 0; i < list.length; i++) {
        if (list[i] == pod) {
          PlacedPod[] copy = new PlacedPod[list.length - 1];
          System.arraycopy(list, 0, copy, 0, i);
          System.arraycopy(list, i + 1, copy, i, list.length - i - 1);
          return copy;
        }
      }
      return list;
    }
  }

  /**
   * Collects nodes, units, pods and runtime classes; {@link #build()} validates and indexes
   * them. A unit that nodes name but that was not given is created unlimited, in the region of
   * its first node. Adding a node, unit or pod with a name already present replaces it.
   */
  public static final class Builder {
    private Instant time = Instant.EPOCH;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Unit> units = new LinkedHashMap<>();
    private final Map<String, PlacedPod> pods = new LinkedHashMap<>();
    private final Map<String, String> runtimeClassHandlers = new LinkedHashMap<>();

    private Builder() {
    }

    public Builder time(Instant time) {
      this.time = Objects.requireNonNull(time, "time");
      return this;
    }

    public Builder node(Node node) {
      nodes.put(node.name(), node);
      return this;
    }

    public Builder nodes(Collection<Node> nodes) {
      nodes.forEach(this::node);
      return this;
    }

    public Builder unit(Unit unit) {
      units.put(unit.name(), unit);
      return this;
    }

    public Builder units(Collection<Unit> units) {
      units.forEach(this::unit);
      return this;
    }

    public Builder pod(PlacedPod pod) {
      pods.put(pod.key(), pod);
      return this;
    }

    public Builder pods(Collection<PlacedPod> pods) {
      pods.forEach(this::pod);
      return this;
    }

    /** A RuntimeClass: pods naming {@code name} need nodes offering {@code handler}. */
    public Builder runtimeClass(String name, String handler) {
      runtimeClassHandlers.put(name, handler);
      return this;
    }

    public ClusterSnapshot build() {
      Node[] nodeArray = nodes.values().toArray(new Node[0]);
      Arrays.sort(nodeArray, Comparator.comparing(Node::name));
      Map<String, Unit> allUnits = new HashMap<>(units);
      for (Node n : nodeArray) {
        allUnits.computeIfAbsent(n.unit(), u -> Unit.unlimited(u, n.region()));
      }
      Unit[] unitArray = allUnits.values().toArray(new Unit[0]);
      Arrays.sort(unitArray, Comparator.comparing(Unit::name));
      Map<String, Integer> unitIdx = new HashMap<>(unitArray.length * 2);
      for (int u = 0; u < unitArray.length; u++) {
        unitIdx.put(unitArray[u].name(), u);
      }
      Map<String, Integer> nodeIdx = new HashMap<>(nodeArray.length * 2);
      int[] unitOf = new int[nodeArray.length];
      int[] unitSizes = new int[unitArray.length];
      Map<Platform, Integer> platformIdx = new HashMap<>();
      List<Platform> platformList = new ArrayList<>();
      int[] platformOf = new int[nodeArray.length];
      for (int i = 0; i < nodeArray.length; i++) {
        Node n = nodeArray[i];
        nodeIdx.put(n.name(), i);
        unitOf[i] = unitIdx.get(n.unit());
        unitSizes[unitOf[i]]++;
        platformOf[i] = platformIdx.computeIfAbsent(n.platform(), p -> {
          platformList.add(p);
          return platformList.size() - 1;
        });
      }
      int[][] nodesOf = new int[unitArray.length][];
      for (int u = 0; u < unitArray.length; u++) {
        nodesOf[u] = new int[unitSizes[u]];
      }
      int[] fill = new int[unitArray.length];
      for (int i = 0; i < nodeArray.length; i++) {
        nodesOf[unitOf[i]][fill[unitOf[i]]++] = i;
      }

      Map<String, PlacedPod> byKey = new HashMap<>(pods);
      @SuppressWarnings("unchecked")
      List<PlacedPod>[] onNode = new List[nodeArray.length];
      Resources[] requested = new Resources[nodeArray.length];
      for (int i = 0; i < nodeArray.length; i++) {
        requested[i] = nodeArray[i].requested();
      }
      long[] ingress = new long[unitArray.length];
      long[] egress = new long[unitArray.length];
      Map<String, List<PlacedPod>> byLabel = new HashMap<>();
      List<PlacedPod> sortedPods = new ArrayList<>(pods.values());
      sortedPods.sort(Comparator.comparing(PlacedPod::key));
      for (PlacedPod p : sortedPods) {
        for (Map.Entry<String, String> l : p.labels().entrySet()) {
          byLabel.computeIfAbsent(l.getKey() + "=" + l.getValue(), k -> new ArrayList<>()).add(p);
        }
        Integer n = nodeIdx.get(p.nodeName());
        if (n != null) {
          if (onNode[n] == null) {
            onNode[n] = new ArrayList<>();
          }
          onNode[n].add(p);
          requested[n] = requested[n].plus(p.requests());
          ingress[unitOf[n]] += p.ingressBitsPerSecond();
          egress[unitOf[n]] += p.egressBitsPerSecond();
        }
      }
      PlacedPod[][] podsOnNode = new PlacedPod[nodeArray.length][];
      for (int i = 0; i < nodeArray.length; i++) {
        podsOnNode[i] = onNode[i] == null ? NO_PODS : onNode[i].toArray(NO_PODS);
      }
      Map<String, PlacedPod[]> labelArrays = new HashMap<>(byLabel.size() * 2);
      byLabel.forEach((k, v) -> labelArrays.put(k, v.toArray(NO_PODS)));

      return new ClusterSnapshot(time, nodeArray, Map.copyOf(nodeIdx), unitArray, Map.copyOf(unitIdx), unitOf,
          nodesOf, platformList.toArray(new Platform[0]), platformOf, Map.copyOf(runtimeClassHandlers),
          ChunkedMap.of(byKey), podsOnNode, requested, ingress, egress, ChunkedMap.of(labelArrays));
    }
  }
}
