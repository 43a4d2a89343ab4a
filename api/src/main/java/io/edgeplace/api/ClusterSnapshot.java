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
 * bandwidth sums, the label index and the per-unit declared peer traffic
 * ({@link #unitPeerBitsPerSecond}) are kept incrementally. Node images are indexed by reference
 * ({@link #nodesWithImage}). Older snapshots stay valid.
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
  private final PeerIndex peers;
  private final ChunkedMap<String, ImageHolders> nodesByImage;
  private final Map<String, int[]> nodesByHandler;
  private final Object nodeGeneration;

  private ClusterSnapshot(Instant time, Node[] nodes, Map<String, Integer> nodeIndex, Unit[] units,
                          Map<String, Integer> unitIndex, int[] unitOfNode, int[][] nodesOfUnit, Platform[] platforms,
                          int[] platformOfNode, Map<String, String> runtimeClassHandlers,
                          ChunkedMap<String, PlacedPod> podsByKey, PlacedPod[][] podsByNode,
                          Resources[] requestedByNode, long[] unitIngress, long[] unitEgress,
                          ChunkedMap<String, PlacedPod[]> podsByLabel, PeerIndex peers,
                          ChunkedMap<String, ImageHolders> nodesByImage, Map<String, int[]> nodesByHandler,
                          Object nodeGeneration) {
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
    this.peers = peers;
    this.nodesByImage = nodesByImage;
    this.nodesByHandler = nodesByHandler;
    this.nodeGeneration = nodeGeneration;
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

  /**
   * An identity token for this snapshot's nodes and units: snapshots derived by pod changes
   * ({@link #withPod}, {@link #withoutPod}) or {@link #withTime} share it; any node or unit change
   * and every {@link Builder#build()} make a new one. Plugins may key caches of per-node work on it
   * (together with {@link #time()} when the work depends on time), since pods change far more
   * often than nodes. Compare with {@code ==}.
   */
  public Object nodeGeneration() {
    return nodeGeneration;
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
    PlacedPod[] smallest = candidates(podsByLabel, selector);
    if (smallest.length == 0) {
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

  /**
   * The declared traffic-peer bandwidth that crosses the uplink of unit {@code unit}, bits/s.
   *
   * <p>For every placed pod {@code a} declaring a peer selector with {@code r} bits/s
   * ({@link PlacedPod#trafficPeers()}), and every placed pod {@code b} in another unit that the
   * selector matches, {@code r} counts against the uplinks of both units: the declared figure is
   * the traffic with each matched pod, in both directions together, and a direction is not
   * given, so each direction of both uplinks may carry all of it. Pods declaring each other add
   * up: declare a flow on one side. Kept incrementally by {@link #withPod} and
   * {@link #withoutPod} in time proportional to the unit count times the selectors involved.
   */
  public long unitPeerBitsPerSecond(int unit) {
    return peers.unitPeer[unit];
  }

  /**
   * For a pod labelled {@code labels} that is not placed yet: adds into {@code perUnit[v]} the
   * bits/s that the pods placed in unit {@code v} declare with it (through their
   * {@link PlacedPod#trafficPeers()} selectors that match {@code labels}) and returns the total
   * over all units. Found through an index of the declared selectors, never a scan of the pods.
   */
  public long declaredPeerBitsPerSecondWith(Map<String, String> labels, long[] perUnit) {
    long total = 0;
    for (Map.Entry<String, String> l : labels.entrySet()) {
      String[] keys = peers.byTerm.get(l.getKey() + "=" + l.getValue());
      if (keys == null) {
        continue;
      }
      for (String key : keys) {
        PeerTraffic t = peers.bySelector.get(key);
        if (t != null && t.selector.matches(labels)) {
          for (int v = 0; v < t.declared.length; v++) {
            perUnit[v] += t.declared[v];
          }
          total += t.declaredTotal;
        }
      }
    }
    return total;
  }

  /**
   * The nodes whose {@code status.images} list exactly {@code reference} (as the node reports
   * it; callers try each spelling of a reference), sorted by index; empty when none.
   */
  public int[] nodesWithImage(String reference) {
    ImageHolders h = nodesByImage.get(reference);
    return h == null ? new int[0] : h.nodes.clone();
  }

  /**
   * Calls {@code action} with the index of every node whose {@code status.images} lists
   * {@code reference} exactly, in index order: {@link #nodesWithImage} without the copy, for
   * per-pod sums on the hot path.
   */
  public void forEachNodeWithImage(String reference, java.util.function.IntConsumer action) {
    ImageHolders h = nodesByImage.get(reference);
    if (h != null) {
      for (int n : h.nodes) {
        action.accept(n);
      }
    }
  }

  /**
   * The nodes whose {@link Node#runtimeHandlers()} include {@code handler}, sorted by index;
   * empty when none. For filters that would otherwise look the handler up in every node's set.
   */
  public int[] nodesWithRuntimeHandler(String handler) {
    int[] nodes = nodesByHandler.get(handler);
    return nodes == null ? new int[0] : nodes.clone();
  }

  private static Map<String, int[]> handlerIndex(Node[] nodes) {
    Map<String, List<Integer>> lists = new HashMap<>();
    for (int i = 0; i < nodes.length; i++) {
      for (String h : nodes[i].runtimeHandlers()) {
        lists.computeIfAbsent(h, k -> new ArrayList<>()).add(i);
      }
    }
    Map<String, int[]> index = new HashMap<>(lists.size() * 2);
    lists.forEach((h, l) -> index.put(h, l.stream().mapToInt(Integer::intValue).toArray()));
    return Map.copyOf(index);
  }

  /** The largest size any node reports for image {@code reference}, in bytes, or -1 when no node has it. */
  public long imageSizeBytes(String reference) {
    ImageHolders h = nodesByImage.get(reference);
    return h == null ? -1 : h.size;
  }

  /**
   * Calls {@code action} with every placed pod that {@code selector} matches, in no particular
   * order: {@link #podsMatching} without the list and the sort, for per-pod sums on the hot path.
   */
  public void forEachPodMatching(LabelSelector selector, java.util.function.Consumer<PlacedPod> action) {
    for (PlacedPod p : candidates(podsByLabel, selector)) {
      if (selector.matches(p.labels())) {
        action.accept(p);
      }
    }
  }

  /* The smallest label-index list that holds every pod the selector may match. */
  private static PlacedPod[] candidates(ChunkedMap<String, PlacedPod[]> byLabel, LabelSelector selector) {
    PlacedPod[] smallest = null;
    for (Map.Entry<String, String> term : selector.matchLabels().entrySet()) {
      PlacedPod[] candidates = byLabel.get(term.getKey() + "=" + term.getValue());
      if (candidates == null) {
        return NO_PODS;
      }
      if (smallest == null || candidates.length < smallest.length) {
        smallest = candidates;
      }
    }
    return smallest == null ? NO_PODS : smallest;
  }

  // ---- changes ----

  /** This snapshot at another instant. */
  public ClusterSnapshot withTime(Instant newTime) {
    return new ClusterSnapshot(Objects.requireNonNull(newTime, "time"), nodes, nodeIndex, units, unitIndex,
        unitOfNode, nodesOfUnit, platforms, platformOfNode, runtimeClassHandlers, podsByKey, podsByNode,
        requestedByNode, unitIngress, unitEgress, podsByLabel, peers, nodesByImage, nodesByHandler, nodeGeneration);
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
    return withNodes(List.of(node));
  }

  /**
   * This snapshot with each of {@code replacements} replacing the node of the same name, as
   * {@link #withNode} does one at a time, but with one copy of the node array when every one is
   * replaced in place (same unit, platform and requests: a new heartbeat, say). A later entry for
   * the same name wins.
   */
  public ClusterSnapshot withNodes(Collection<Node> replacements) {
    if (replacements.isEmpty()) {
      return this;
    }
    Node[] copy = nodes.clone();
    ChunkedMap<String, ImageHolders> images = nodesByImage;
    boolean handlersChanged = false;
    for (Node node : replacements) {
      Integer i = nodeIndex.get(node.name());
      if (i == null || !copy[i].unit().equals(node.unit()) || !copy[i].platform().equals(node.platform())
          || !copy[i].requested().equals(node.requested())) {
        Builder b = toBuilder();
        replacements.forEach(b::node);
        return b.build();
      }
      Node before = copy[i];
      copy[i] = node;
      if (!before.images().equals(node.images())) {
        images = ImageHolders.replace(images, copy, i, before.images(), node.images());
      }
      handlersChanged |= !before.runtimeHandlers().equals(node.runtimeHandlers());
    }
    return new ClusterSnapshot(time, copy, nodeIndex, units, unitIndex, unitOfNode, nodesOfUnit, platforms,
        platformOfNode, runtimeClassHandlers, podsByKey, podsByNode, requestedByNode, unitIngress, unitEgress,
        podsByLabel, peers, images, handlersChanged ? handlerIndex(copy) : nodesByHandler, new Object());
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
    private ChunkedMap<String, PeerTraffic> bySelector;
    private ChunkedMap<String, String[]> byTerm;
    private long @org.jspecify.annotations.Nullable [] unitPeer;

    PodChange(ClusterSnapshot s) {
      this.s = s;
      this.byKey = s.podsByKey;
      this.byLabel = s.podsByLabel;
      this.bySelector = s.peers.bySelector;
      this.byTerm = s.peers.byTerm;
    }

    private void copyArrays() {
      if (byNode == null) {
        byNode = s.podsByNode.clone();
        requested = s.requestedByNode.clone();
        ingress = s.unitIngress.clone();
        egress = s.unitEgress.clone();
      }
    }

    private long[] unitPeer() {
      if (unitPeer == null) {
        unitPeer = s.peers.unitPeer.clone();
      }
      return unitPeer;
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
        // the reverse of add: unmatch first, then undeclare
        matchAll(old, u, -1);
        for (TrafficPeer tp : old.trafficPeers()) {
          declare(tp, u, -1);
        }
      }
      return this;
    }

    PodChange add(PlacedPod pod) {
      Integer n = s.nodeIndex.get(pod.nodeName());
      if (n != null) {
        // peers before the label index, so that a newly declared selector does not count the pod
        int u = s.unitOfNode[n];
        for (TrafficPeer tp : pod.trafficPeers()) {
          declare(tp, u, +1);
        }
        matchAll(pod, u, +1);
      }
      byKey = byKey.with(pod.key(), pod);
      for (Map.Entry<String, String> l : pod.labels().entrySet()) {
        String lk = l.getKey() + "=" + l.getValue();
        PlacedPod[] list = byLabel.get(lk);
        byLabel = byLabel.with(lk, with(list == null ? NO_PODS : list, pod));
      }
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

    /* A pod in unit u declares (sign +1) or stops declaring (-1) a peer selector. */
    private void declare(TrafficPeer tp, int u, int sign) {
      LabelSelector selector = tp.selector();
      if (selector.matchLabels().isEmpty()) {
        return;
      }
      String key = selector.toString();
      PeerTraffic old = bySelector.get(key);
      PeerTraffic t = old == null ? register(selector) : old.copy();
      long r = sign * tp.bitsPerSecond();
      long[] peer = unitPeer();
      for (int v = 0; v < peer.length; v++) {
        if (v == u) {
          peer[v] += r * (t.matchedTotal - t.matched[v]);
        } else if (t.matched[v] != 0) {
          peer[v] += r * t.matched[v];
        }
      }
      t.declared[u] += r;
      t.declaredTotal += r;
      t.declarers += sign;
      if (t.declarers == 0) {
        bySelector = bySelector.with(key, null);
        String term = PeerTraffic.indexTerm(selector);
        String[] keys = byTerm.get(term);
        String[] rest = keys == null ? new String[0] : Arrays.stream(keys).filter(k -> !k.equals(key))
            .toArray(String[]::new);
        byTerm = byTerm.with(term, rest.length == 0 ? null : rest);
      } else {
        bySelector = bySelector.with(key, t);
      }
    }

    /* A new declared selector: counts the placed pods it matches now (through the label index). */
    private PeerTraffic register(LabelSelector selector) {
      PeerTraffic t = new PeerTraffic(selector, s.units.length);
      for (PlacedPod p : candidates(byLabel, selector)) {
        Integer n = s.nodeIndex.get(p.nodeName());
        if (n != null && selector.matches(p.labels())) {
          t.matched[s.unitOfNode[n]]++;
          t.matchedTotal++;
        }
      }
      String term = PeerTraffic.indexTerm(selector);
      String[] keys = byTerm.get(term);
      String[] more = keys == null ? new String[1] : Arrays.copyOf(keys, keys.length + 1);
      more[more.length - 1] = selector.toString();
      byTerm = byTerm.with(term, more);
      return t;
    }

    /* A pod in unit u starts (+1) or stops (-1) being matched by the declared selectors. */
    private void matchAll(PlacedPod pod, int u, int sign) {
      for (Map.Entry<String, String> l : pod.labels().entrySet()) {
        String[] keys = byTerm.get(l.getKey() + "=" + l.getValue());
        if (keys == null) {
          continue;
        }
        for (String key : keys) {
          PeerTraffic old = bySelector.get(key);
          if (old == null || !old.selector.matches(pod.labels())) {
            continue;
          }
          PeerTraffic t = old.copy();
          long[] peer = unitPeer();
          for (int v = 0; v < peer.length; v++) {
            if (v == u) {
              peer[v] += sign * (t.declaredTotal - t.declared[v]);
            } else if (t.declared[v] != 0) {
              peer[v] += sign * t.declared[v];
            }
          }
          t.matched[u] += sign;
          t.matchedTotal += sign;
          bySelector = bySelector.with(key, t);
        }
      }
    }

    ClusterSnapshot finish() {
      PeerIndex peers = unitPeer == null && bySelector == s.peers.bySelector ? s.peers
          : new PeerIndex(bySelector, byTerm, unitPeer == null ? s.peers.unitPeer : unitPeer);
      return new ClusterSnapshot(s.time, s.nodes, s.nodeIndex, s.units, s.unitIndex, s.unitOfNode, s.nodesOfUnit,
          s.platforms, s.platformOfNode, s.runtimeClassHandlers, byKey, byNode == null ? s.podsByNode : byNode,
          requested == null ? s.requestedByNode : requested, ingress == null ? s.unitIngress : ingress,
          egress == null ? s.unitEgress : egress, byLabel, peers, s.nodesByImage, s.nodesByHandler, s.nodeGeneration);
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

  /*
   * The declared traffic-peer selectors of the placed pods. Per selector: how much the pods of
   * each unit declare with it (D[u]) and how many placed pods of each unit it matches (N[u]).
   * The traffic crossing unit v's uplink is then the sum over selectors of
   * D[v]*(N - N[v]) + N[v]*(D - D[v]); a pod change moves D or N of the selectors it declares or
   * matches, and each move changes that sum by a term we add in O(units), exactly, so that the
   * incremental figure always equals the one a full rebuild computes.
   */
  private static final class PeerIndex {
    final ChunkedMap<String, PeerTraffic> bySelector;
    /* Each selector is listed under one of its terms (the smallest), so a pod finds it once. */
    final ChunkedMap<String, String[]> byTerm;
    final long[] unitPeer;

    PeerIndex(ChunkedMap<String, PeerTraffic> bySelector, ChunkedMap<String, String[]> byTerm, long[] unitPeer) {
      this.bySelector = bySelector;
      this.byTerm = byTerm;
      this.unitPeer = unitPeer;
    }

    static PeerIndex build(Unit[] units, int[] unitOf, Map<String, Integer> nodeIdx, List<PlacedPod> pods,
                           Map<String, List<PlacedPod>> byLabel) {
      Map<String, PeerTraffic> bySelector = new HashMap<>();
      for (PlacedPod p : pods) {
        if (p.trafficPeers().isEmpty()) {
          continue;
        }
        Integer n = nodeIdx.get(p.nodeName());
        if (n == null) {
          continue;
        }
        for (TrafficPeer tp : p.trafficPeers()) {
          if (tp.selector().matchLabels().isEmpty()) {
            continue;
          }
          PeerTraffic t = bySelector.computeIfAbsent(tp.selector().toString(),
              k -> new PeerTraffic(tp.selector(), units.length));
          t.declared[unitOf[n]] += tp.bitsPerSecond();
          t.declaredTotal += tp.bitsPerSecond();
          t.declarers++;
        }
      }
      long[] unitPeer = new long[units.length];
      Map<String, List<String>> byTerm = new HashMap<>();
      for (Map.Entry<String, PeerTraffic> e : bySelector.entrySet()) {
        PeerTraffic t = e.getValue();
        byTerm.computeIfAbsent(PeerTraffic.indexTerm(t.selector), k -> new ArrayList<>()).add(e.getKey());
        List<PlacedPod> smallest = null;
        for (Map.Entry<String, String> term : t.selector.matchLabels().entrySet()) {
          List<PlacedPod> c = byLabel.getOrDefault(term.getKey() + "=" + term.getValue(), List.of());
          if (smallest == null || c.size() < smallest.size()) {
            smallest = c;
          }
        }
        for (PlacedPod p : smallest == null ? List.<PlacedPod>of() : smallest) {
          Integer n = nodeIdx.get(p.nodeName());
          if (n != null && t.selector.matches(p.labels())) {
            t.matched[unitOf[n]]++;
            t.matchedTotal++;
          }
        }
        for (int v = 0; v < units.length; v++) {
          unitPeer[v] += t.declared[v] * (t.matchedTotal - t.matched[v])
              + t.matched[v] * (t.declaredTotal - t.declared[v]);
        }
      }
      Map<String, String[]> terms = new HashMap<>();
      byTerm.forEach((k, v) -> terms.put(k, v.toArray(new String[0])));
      return new PeerIndex(ChunkedMap.of(bySelector), ChunkedMap.of(terms), unitPeer);
    }
  }

  /* One declared selector's per-unit figures; copied before a change, never changed once published. */
  private static final class PeerTraffic {
    final LabelSelector selector;
    int declarers;
    final long[] declared;
    long declaredTotal;
    final int[] matched;
    int matchedTotal;

    PeerTraffic(LabelSelector selector, int units) {
      this(selector, 0, new long[units], 0, new int[units], 0);
    }

    private PeerTraffic(LabelSelector selector, int declarers, long[] declared, long declaredTotal, int[] matched,
                        int matchedTotal) {
      this.selector = selector;
      this.declarers = declarers;
      this.declared = declared;
      this.declaredTotal = declaredTotal;
      this.matched = matched;
      this.matchedTotal = matchedTotal;
    }

    PeerTraffic copy() {
      return new PeerTraffic(selector, declarers, declared.clone(), declaredTotal, matched.clone(), matchedTotal);
    }

    static String indexTerm(LabelSelector selector) {
      String smallest = null;
      for (Map.Entry<String, String> e : selector.matchLabels().entrySet()) {
        String term = e.getKey() + "=" + e.getValue();
        if (smallest == null || term.compareTo(smallest) < 0) {
          smallest = term;
        }
      }
      return Objects.requireNonNull(smallest, "selector has no term");
    }
  }

  /* The nodes that list one image reference, by index, and the largest size they report. */
  private static final class ImageHolders {
    final int[] nodes;
    final long size;

    ImageHolders(int[] nodes, long size) {
      this.nodes = nodes;
      this.size = size;
    }

    static ChunkedMap<String, ImageHolders> build(Node[] nodes) {
      /* one walk over every node's images: holders in node order, and the largest size seen */
      final class Holders {
        int[] nodes = new int[8];
        int count;
        long size = -1;
      }
      Map<String, Holders> holders = new HashMap<>();
      for (int i = 0; i < nodes.length; i++) {
        for (Map.Entry<String, Long> image : nodes[i].images().entrySet()) {
          Holders h = holders.computeIfAbsent(image.getKey(), k -> new Holders());
          if (h.count == h.nodes.length) {
            h.nodes = Arrays.copyOf(h.nodes, h.count * 2);
          }
          h.nodes[h.count++] = i;
          Long size = image.getValue();
          h.size = Math.max(h.size, size == null ? -1 : size);
        }
      }
      Map<String, ImageHolders> index = new HashMap<>(holders.size() * 2);
      holders.forEach((ref, h) -> index.put(ref, new ImageHolders(Arrays.copyOf(h.nodes, h.count), h.size)));
      return ChunkedMap.of(index);
    }

    private static ImageHolders of(Node[] nodes, String ref, int[] holders) {
      long size = -1;
      for (int i : holders) {
        Long s = nodes[i].images().get(ref);
        size = Math.max(size, s == null ? -1 : s);
      }
      return new ImageHolders(holders, size);
    }

    /* Node i's images changed from before to after: update the references that differ. */
    static ChunkedMap<String, ImageHolders> replace(ChunkedMap<String, ImageHolders> index, Node[] nodes, int i,
                                                    Map<String, Long> before, Map<String, Long> after) {
      ChunkedMap<String, ImageHolders> result = index;
      java.util.Set<String> refs = new java.util.HashSet<>(before.keySet());
      refs.addAll(after.keySet());
      for (String ref : refs) {
        if (Objects.equals(before.get(ref), after.get(ref))) {
          continue;
        }
        ImageHolders h = result.get(ref);
        int[] list = h == null ? new int[0] : h.nodes;
        int at = Arrays.binarySearch(list, i);
        if (after.containsKey(ref) && at < 0) {
          int ins = -at - 1;
          int[] more = new int[list.length + 1];
          System.arraycopy(list, 0, more, 0, ins);
          more[ins] = i;
          System.arraycopy(list, ins, more, ins + 1, list.length - ins);
          list = more;
        } else if (!after.containsKey(ref) && at >= 0) {
          int[] less = new int[list.length - 1];
          System.arraycopy(list, 0, less, 0, at);
          System.arraycopy(list, at + 1, less, at, list.length - at - 1);
          list = less;
        }
        result = result.with(ref, list.length == 0 ? null : of(nodes, ref, list));
      }
      return result;
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
      /* by key: the map's keys are the pods' keys, so sort those rather than build a key per comparison */
      String[] keys = pods.keySet().toArray(new String[0]);
      Arrays.sort(keys);
      List<PlacedPod> sortedPods = new ArrayList<>(keys.length);
      for (String key : keys) {
        sortedPods.add(pods.get(key));
      }
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

      PeerIndex peers = PeerIndex.build(unitArray, unitOf, nodeIdx, sortedPods, byLabel);
      return new ClusterSnapshot(time, nodeArray, Map.copyOf(nodeIdx), unitArray, Map.copyOf(unitIdx), unitOf,
          nodesOf, platformList.toArray(new Platform[0]), platformOf, Map.copyOf(runtimeClassHandlers),
          ChunkedMap.of(byKey), podsOnNode, requested, ingress, egress, ChunkedMap.of(labelArrays), peers,
          ImageHolders.build(nodeArray), handlerIndex(nodeArray), new Object());
    }
  }
}
