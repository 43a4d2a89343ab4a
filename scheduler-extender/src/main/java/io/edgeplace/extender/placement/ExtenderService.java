package io.edgeplace.extender.placement;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.PluginScore;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.extender.wire.BindingArgs;
import io.edgeplace.extender.wire.ExtenderArgs;
import io.edgeplace.extender.wire.FilterReply;
import io.edgeplace.extender.wire.JsonBytes;
import io.edgeplace.extender.wire.NameResolver;
import io.edgeplace.extender.wire.RawJson;
import io.edgeplace.extender.wire.ResolvedNames;
import io.edgeplace.extender.wire.WireEncoder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extender's verbs, translated onto the core: wire request → fabric8 objects → api records
 * → {@link Placer} → wire reply. No placement logic lives here: which nodes pass and how they
 * rank is the placer's answer, only reshaped.
 *
 * <ul>
 *   <li>Candidates by name come from the snapshot; a name it does not know goes to
 *       {@code FailedNodes} as "unknown node". Candidates as Node objects are overlaid on the
 *       snapshot (the request is the truth for them) and passing ones are echoed back.
 *   <li>Rejections whose code is {@code UNSCHEDULABLE_AND_UNRESOLVABLE} go to
 *       {@code FailedAndUnresolvableNodes}, the others to {@code FailedNodes}.
 *   <li>Prioritize rescales the placer's totals from {@code [0, maxTotal]} to kube-scheduler's
 *       {@code [0, 10]}, and holds the pod's bandwidth on its best-ranked node.
 *   <li>Bind (only with a {@link Binder}) re-runs the filter for that pod on that node first, and
 *       refuses (and counts) a binding the filter does not pass.
 * </ul>
 * Thread-safe: one instance serves all requests.
 */
public final class ExtenderService {
  private static final Logger LOG = LoggerFactory.getLogger(ExtenderService.class);

  /** The highest extender priority kube-scheduler accepts ({@code MaxExtenderPriority}). */
  public static final long MAX_PRIORITY = 10;
  static final String UNKNOWN_NODE = "unknown node: it is not in the extender's cluster snapshot";
  private static final byte[] QUOTED_UNKNOWN_NODE = WireEncoder.quote(UNKNOWN_NODE);

  private final SnapshotSource source;
  private final Placer placer;
  private final KubeConverter converter;
  private final Reservations reservations;
  private final @Nullable Binder binder;
  private final ExtenderMetrics metrics;
  private final InstantSource clock;
  private final WireEncoder encoder = new WireEncoder();
  private final KubernetesSerialization serialization = new KubernetesSerialization();
  private final Cache<String, Workload> recentPods;
  private final Cache<Long, DecodedPod> decodedPods;
  private volatile @Nullable LastCycle last;
  private volatile @Nullable NodeNameIndex names;
  private volatile @Nullable DecodedPod lastPod;

  /**
   * @param binder null unless the extender binds pods ({@code --bind})
   */
  public ExtenderService(SnapshotSource source, Placer placer, KubeConverter converter, Reservations reservations,
                         @Nullable Binder binder, ExtenderMetrics metrics, InstantSource clock) {
    this.source = Objects.requireNonNull(source, "source");
    this.placer = Objects.requireNonNull(placer, "placer");
    this.converter = Objects.requireNonNull(converter, "converter");
    this.reservations = Objects.requireNonNull(reservations, "reservations");
    this.binder = binder;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recentPods = Caffeine.newBuilder().maximumSize(20_000).expireAfterWrite(Duration.ofMinutes(10)).build();
    this.decodedPods = Caffeine.newBuilder().maximumSize(1_024).expireAfterWrite(Duration.ofMinutes(2)).build();
  }

  public boolean binds() {
    return binder != null;
  }

  public WireEncoder encoder() {
    return encoder;
  }

  /** The names of the nodes of the current snapshot, sorted; empty before one is loaded. */
  public List<String> nodeNames() {
    ClusterSnapshot s = source.current();
    if (s == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>(s.nodeCount());
    for (int i = 0; i < s.nodeCount(); i++) {
      names.add(s.node(i).name());
    }
    return names;
  }

  // ---- verbs ----

  /** {@code POST /filter}, its reply in a buffer of its own. */
  public Reply filter(ExtenderArgs args) {
    return filter(args, new JsonBytes(replyCapacity(args)));
  }

  /**
   * {@code POST /filter}, its reply written into {@code out} when it lists node names (the
   * reply then refers to {@code out} until the caller reuses it).
   */
  public Reply filter(ExtenderArgs args, JsonBytes out) {
    Cycle c = prepare(args, false, false);
    if (c.failure != null) {
      return c.failure;
    }
    countRejections(c.workload, c.result(), c.unknown.size(), args.candidateCount());
    NodeNameIndex index = c.names;
    if (index != null) {
      filterByName(args, c, index, out);
      return new Reply(200, out.array(), out.size(), "ok", Reply.JSON);
    }
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> unresolvable = new LinkedHashMap<>();
    List<ExtenderArgs.NodeItem> passedNodes = new ArrayList<>(c.result().feasibleCount());
    for (int i = 0, n = args.candidateCount(); i < n; i++) {
      if (!c.firstOccurrence(i)) {
        continue;
      }
      String name = args.candidateName(i);
      int node = c.node(i);
      FilterResult.Rejection r;
      if (node < 0) {
        failed.put(name, UNKNOWN_NODE);
      } else if ((r = c.rejection(node)) != null) {
        String message = r.plugin() + ": " + r.message();
        if (r.code() == FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE) {
          unresolvable.put(name, message);
        } else {
          failed.put(name, message);
        }
      } else {
        passedNodes.add(Objects.requireNonNull(args.nodes()).get(i));
      }
    }
    return ok(encoder.filterResult(new FilterReply(null, passedNodes, failed, unresolvable, "")));
  }

  /* About what a reply listing every candidate's name takes. */
  private static int replyCapacity(ExtenderArgs args) {
    return 256 + 32 * args.candidateCount();
  }

  /*
   * The filter reply in name mode, written straight from node indices and the names' cached JSON
   * bytes: one pass over the candidates for each of the reply's three groups, in request order.
   */
  private void filterByName(ExtenderArgs args, Cycle c, NodeNameIndex index, JsonBytes buffer) {
    WireEncoder.NameFilterWriter out = encoder.nameFilterResult(buffer);
    int n = args.candidateCount();
    for (int i = 0; i < n; i++) {
      int node = c.node(i);
      if (node >= 0 && c.rejection(node) == null && c.firstOccurrence(i)) {
        out.passed(index.quoted(node));
      }
    }
    // plugins share one rejection among nodes alike (per platform, per unit): escape its message once
    Map<FilterResult.Rejection, byte[]> messages = new IdentityHashMap<>();
    for (int i = 0; i < n; i++) {
      int node = c.node(i);
      if (node < 0) {
        if (c.firstOccurrence(i)) {
          out.failed(WireEncoder.quote(args.candidateName(i)), QUOTED_UNKNOWN_NODE);
        }
      } else {
        FilterResult.Rejection r = c.rejection(node);
        if (r != null && r.code() != FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE && c.firstOccurrence(i)) {
          out.failed(index.quoted(node), message(messages, r));
        }
      }
    }
    for (int i = 0; i < n; i++) {
      int node = c.node(i);
      FilterResult.Rejection r;
      if (node >= 0 && (r = c.rejection(node)) != null && r.code() == FilterResult.Code.UNSCHEDULABLE_AND_UNRESOLVABLE
          && c.firstOccurrence(i)) {
        out.unresolvable(index.quoted(node), message(messages, r));
      }
    }
    out.finish();
  }

  private static byte[] message(Map<FilterResult.Rejection, byte[]> messages, FilterResult.Rejection r) {
    byte[] message = messages.get(r);
    if (message == null) {
      messages.put(r, message = WireEncoder.quote(r.plugin() + ": " + r.message()));
    }
    return message;
  }

  /** {@code POST /prioritize}, its reply in a buffer of its own. */
  public Reply prioritize(ExtenderArgs args) {
    return prioritize(args, new JsonBytes(replyCapacity(args)));
  }

  /**
   * {@code POST /prioritize}, its reply written into {@code out} (the reply then refers to
   * {@code out} until the caller reuses it).
   */
  public Reply prioritize(ExtenderArgs args, JsonBytes buffer) {
    Cycle c = prepare(args, false, true);
    if (c.failure != null) {
      return c.failure;
    }
    PlacementResult result = c.result();
    long max = Math.max(1, placer.maxTotal());
    NodeNameIndex index = c.names;
    WireEncoder.HostPriorityWriter out = encoder.hostPriorities(buffer);
    for (int i = 0, n = args.candidateCount(); i < n; i++) {
      if (!c.firstOccurrence(i)) {
        continue;
      }
      int node = c.node(i);
      int pos = node < 0 ? -1 : result.positionOf(node);
      long total = pos < 0 ? -1 : result.totalAt(pos);
      out.add(node >= 0 && index != null ? index.quoted(node) : WireEncoder.quote(args.candidateName(i)),
          total <= 0 ? 0 : Math.min(MAX_PRIORITY, Math.round(total * (double) MAX_PRIORITY / max)));
    }
    out.finish();
    if (c.workload.ingressBitsPerSecond() > 0 || c.workload.egressBitsPerSecond() > 0) {
      result.best().ifPresent(best -> reservations.reserve(c.snapshot, c.workload, best.node(), false));
    }
    return new Reply(200, buffer.array(), buffer.size(), "ok", Reply.JSON);
  }

  /** {@code POST /explain}: every candidate's verdict with each plugin's part. */
  public Reply explain(ExtenderArgs args) {
    Cycle c = prepare(args, true, false);
    if (c.failure != null) {
      return c.failure;
    }
    PlacementResult result = c.result();
    Freshness f = source.freshness();
    long max = Math.max(1, placer.maxTotal());
    byte[] body = encoder.write(g -> {
      g.writeStartObject();
      g.writeStringField("pod", c.workload.key());
      g.writeObjectFieldStart("snapshot");
      g.writeStringField("state", f.state());
      Instant time = f.snapshotTime();
      if (time == null) {
        g.writeNullField("time");
      } else {
        g.writeStringField("time", time.toString());
      }
      Duration age = f.age(clock.instant());
      if (age == null) {
        g.writeNullField("ageSeconds");
      } else {
        g.writeNumberField("ageSeconds", age.toMillis() / 1000.0);
      }
      g.writeStringField("detail", f.detail());
      g.writeEndObject();
      g.writeNumberField("candidates", args.candidateCount());
      g.writeNumberField("feasible", result.feasibleCount());
      g.writeArrayFieldStart("scorePlugins");
      for (String p : result.scorePlugins()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("nodes");
      for (NodeVerdict v : result.verdicts()) {
        g.writeStartObject();
        g.writeStringField("node", v.node());
        g.writeStringField("unit", v.unit());
        g.writeBooleanField("feasible", v.feasible());
        g.writeNumberField("rank", v.rank());
        g.writeNumberField("total", v.total());
        g.writeNumberField("score", v.feasible()
            ? Math.min(MAX_PRIORITY, Math.round(v.total() * (double) MAX_PRIORITY / max)) : 0);
        g.writeFieldName("rejection");
        if (v.filter() instanceof FilterResult.Rejection r) {
          g.writeStartObject();
          g.writeStringField("code", r.code().name());
          g.writeStringField("plugin", r.plugin());
          g.writeStringField("reason", r.reason());
          g.writeStringField("message", r.message());
          g.writeEndObject();
        } else {
          g.writeNull();
        }
        g.writeArrayFieldStart("scores");
        for (PluginScore s : v.scores()) {
          g.writeStartObject();
          g.writeStringField("plugin", s.plugin());
          g.writeNumberField("score", s.score());
          g.writeNumberField("weight", s.weight());
          g.writeNumberField("weighted", s.weighted());
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("notes");
        for (Map.Entry<String, String> e : v.notes().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      for (String name : c.unknown) {
        g.writeStartObject();
        g.writeStringField("node", name);
        g.writeBooleanField("feasible", false);
        g.writeFieldName("rejection");
        g.writeStartObject();
        g.writeStringField("code", FilterResult.Code.UNSCHEDULABLE.name());
        g.writeStringField("plugin", "extender");
        g.writeStringField("reason", "UnknownNode");
        g.writeStringField("message", UNKNOWN_NODE);
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    });
    return ok(body);
  }

  /** {@code POST /bind}. */
  public Reply bind(BindingArgs args) {
    Binder b = binder;
    if (b == null) {
      return new Reply(404, encoder.error("binding is not enabled; start the extender with --bind"), "bad_request");
    }
    ClusterSnapshot snapshot = source.current();
    if (snapshot == null) {
      return new Reply(503, encoder.error("no cluster snapshot is loaded yet; retry when /readyz is ready"),
          "unavailable");
    }
    Workload workload = recentPods.getIfPresent(args.podUid());
    if (workload == null) {
      Pod pod;
      try {
        pod = b.fetch(args.podNamespace(), args.podName());
      } catch (RuntimeException e) {
        return bindError("reading pod " + args.podNamespace() + "/" + args.podName() + " failed: " + e.getMessage());
      }
      if (pod == null) {
        return refuse(args, "PodNotFound", "pod " + args.podNamespace() + "/" + args.podName() + " does not exist");
      }
      String uid = pod.getMetadata() == null ? null : pod.getMetadata().getUid();
      if (!args.podUid().equals(uid)) {
        return refuse(args, "PodMismatch", "pod " + args.podNamespace() + "/" + args.podName() + " has UID " + uid
            + ", not " + args.podUid());
      }
      try {
        workload = converter.workload(pod);
      } catch (RuntimeException e) {
        return refuse(args, "PodUnreadable", "pod " + args.podNamespace() + "/" + args.podName()
            + " cannot be read: " + e.getMessage());
      }
    }
    if (!workload.namespace().equals(args.podNamespace()) || !workload.name().equals(args.podName())) {
      return refuse(args, "PodMismatch", "UID " + args.podUid() + " belongs to pod " + workload.key() + ", not "
          + args.podNamespace() + "/" + args.podName());
    }
    reservations.release(workload);
    ClusterSnapshot s = snapshot;
    int node = s.nodeIndex(args.node());
    if (node < 0) {
      return refuse(args, "UnknownNode", "node " + args.node() + " is not in the extender's cluster snapshot");
    }
    PlacementResult check = placer.placeNodes(s, workload, new int[] {node}, false);
    FilterResult.Rejection r = check.rejectionAt(0);
    if (r != null) {
      metrics.rejection(r.plugin(), r.reason());
      return refuse(args, "Unfit", "node " + args.node() + " does not pass the filter for pod " + workload.key()
          + ": " + r.plugin() + ": " + r.message());
    }
    try {
      b.bind(args.podNamespace(), args.podName(), args.podUid(), args.node());
    } catch (RuntimeException e) {
      return bindError("binding pod " + workload.key() + " to node " + args.node() + " failed: " + e.getMessage());
    }
    reservations.reserve(s, workload, args.node(), true);
    LOG.debug("bound pod {} to node {}", workload.key(), args.node());
    return ok(encoder.bindingResult(""));
  }

  // ---- helpers ----

  private Reply refuse(BindingArgs args, String reason, String message) {
    metrics.bindRefused(reason);
    LOG.info("refused binding of pod {}/{} (UID {}) to node {}: {}", args.podNamespace(), args.podName(),
        args.podUid(), args.node(), message);
    return new Reply(200, encoder.bindingResult("edgeplace refused the binding: " + message), "refused");
  }

  private Reply bindError(String message) {
    LOG.warn("{}", message);
    return new Reply(200, encoder.bindingResult(message), "error");
  }

  private Reply ok(byte[] body) {
    return new Reply(200, body, "ok");
  }

  private Reply badRequest(String message) {
    return new Reply(400, encoder.error(message), "bad_request");
  }

  /* Counts the result's rejections for the metrics, by plugin and reason, read by candidate position. */
  private void countRejections(Workload w, PlacementResult result, int unknown, int total) {
    int rejected = result.candidateCount() - result.feasibleCount();
    if (rejected == 0 && unknown == 0) {
      return;
    }
    // counted by plugin, then reason, without a key object per rejection; sorted afterwards
    Map<String, Map<String, long[]>> byPlugin = new HashMap<>();
    Map<String, long[]> lastReasons = null;
    String lastPlugin = null;
    for (int pos = 0, n = result.candidateCount(); pos < n; pos++) {
      FilterResult.Rejection r = result.rejectionAt(pos);
      if (r == null) {
        continue;
      }
      String plugin = r.plugin();
      if (!plugin.equals(lastPlugin)) {
        lastPlugin = plugin;
        lastReasons = byPlugin.computeIfAbsent(plugin, k -> new HashMap<>());
      }
      long[] count = Objects.requireNonNull(lastReasons).get(r.reason());
      if (count == null) {
        lastReasons.put(r.reason(), count = new long[1]);
      }
      count[0]++;
    }
    Map<String, long[]> byReason = new TreeMap<>();
    byPlugin.forEach((plugin, reasons) -> reasons.forEach((reason, count) ->
        byReason.put(plugin + "\u0000" + reason, count)));
    if (unknown > 0) {
      byReason.put("extender\u0000UnknownNode", new long[] {unknown});
    }
    StringBuilder line = LOG.isDebugEnabled() ? new StringBuilder() : null;
    for (Map.Entry<String, long[]> e : byReason.entrySet()) {
      int sep = e.getKey().indexOf('\u0000');
      String plugin = e.getKey().substring(0, sep);
      String reason = e.getKey().substring(sep + 1);
      metrics.rejections(plugin, reason, e.getValue()[0]);
      if (line != null) {
        line.append(line.length() == 0 ? "" : ", ").append(plugin).append('/').append(reason).append(" x")
            .append(e.getValue()[0]);
      }
    }
    if (line != null) {
      LOG.debug("pod {}: {} of {} candidate nodes rejected: {}", w.key(), rejected + unknown, total, line);
    }
  }

  /* Everything one verb needs: the workload, the snapshot and the placement result. */
  private Cycle prepare(ExtenderArgs args, boolean explain, boolean reuse) {
    ClusterSnapshot snapshot = source.current();
    if (snapshot == null) {
      return Cycle.failed(new Reply(503,
          encoder.error("no cluster snapshot is loaded yet; retry when /readyz is ready"), "unavailable"));
    }
    DecodedPod decoded = decodePod(args.pod());
    if (decoded.failure != null) {
      return Cycle.failed(decoded.failure);
    }
    Workload workload = decoded.workload;
    if (decoded.uid != null) {
      recentPods.put(decoded.uid, workload);
    }
    reservations.release(workload);
    if (!args.byName()) {
      List<ExtenderArgs.NodeItem> items = Objects.requireNonNull(args.nodes());
      List<io.fabric8.kubernetes.api.model.Node> nodes = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        try {
          nodes.add(serialization.unmarshal(items.get(i).json().stream(), io.fabric8.kubernetes.api.model.Node.class));
        } catch (RuntimeException e) {
          return Cycle.failed(badRequest("field Nodes.items[" + i + "] is not a valid Node: "
              + firstLine(e.getMessage())));
        }
      }
      try {
        snapshot = converter.overlay(snapshot, nodes);
      } catch (RuntimeException e) {
        return Cycle.failed(badRequest("field Nodes: " + firstLine(e.getMessage())));
      }
    }
    int n = args.candidateCount();
    NodeNameIndex index = args.byName() ? nameIndex(snapshot) : null;
    ResolvedNames resolved = args.resolved();
    if (resolved != null && resolved.resolver() != index) {
      resolved = null; // decoded against another node generation: resolve again by name
    }
    // the decoder's node per candidate when it resolved the names, else resolved here
    int[] nodeOf = resolved != null ? null : new int[n];
    long[] seen = new long[(snapshot.nodeCount() + 63) >>> 6];
    // null while every candidate so far is the first of its name (no duplicates, no unknown names)
    boolean[] first = null;
    int distinct = 0;
    Set<String> unknown = Set.of();
    for (int i = 0; i < n; i++) {
      int idx;
      if (resolved != null) {
        idx = resolved.node(i);
      } else {
        idx = snapshot.nodeIndex(args.candidateName(i));
        nodeOf[i] = idx;
      }
      boolean firstOfName;
      if (idx < 0) {
        if (unknown.isEmpty()) {
          unknown = new LinkedHashSet<>();
        }
        firstOfName = unknown.add(args.candidateName(i));
      } else {
        long bit = 1L << idx;
        firstOfName = (seen[idx >>> 6] & bit) == 0;
        if (firstOfName) {
          seen[idx >>> 6] |= bit;
          distinct++;
        }
      }
      if (first == null && (idx < 0 || !firstOfName)) {
        first = new boolean[n];
        java.util.Arrays.fill(first, 0, i, true);
      }
      if (first != null) {
        first[i] = firstOfName;
      }
    }
    PlacementResult result = reuse ? reusable(args, decoded, snapshot, seen) : null;
    if (result == null) {
      // by node index: the names are resolved already (the distinct known candidates, ascending;
      // the engine sees when that is every node)
      int[] nodes = new int[distinct];
      int k = 0;
      for (int w = 0; w < seen.length; w++) {
        for (long bits = seen[w]; bits != 0; bits &= bits - 1) {
          nodes[k++] = (w << 6) + Long.numberOfTrailingZeros(bits);
        }
      }
      result = placer.placeNodes(snapshot, workload, nodes, explain);
      if (args.byName() && !explain) {
        last = new LastCycle(decoded, snapshot, seen, result);
      }
    }
    return new Cycle(null, workload, snapshot, result, unknown, first, resolved, nodeOf, index);
  }

  /**
   * What the decoder resolves candidate names with: the current snapshot's node names, or null
   * before a snapshot is loaded. A request decoded against an older node generation is resolved
   * again by name.
   */
  public @Nullable NameResolver nameResolver() {
    ClusterSnapshot s = source.current();
    return s == null ? null : nameIndex(s);
  }

  /* The name index of the snapshot's nodes, rebuilt when its node generation changes. */
  private NodeNameIndex nameIndex(ClusterSnapshot snapshot) {
    NodeNameIndex index = names;
    if (index == null || !index.fits(snapshot)) {
      index = NodeNameIndex.of(snapshot);
      names = index;
    }
    return index;
  }

  /*
   * kube-scheduler calls prioritize right after filter, for the same pod, with the nodes that
   * passed: when nothing changed in between (the same decoded pod, which decodePod has compared
   * by its bytes already, and the same snapshot), the filter's placement already ranked every one
   * of them, so it is reused instead of run again.
   */
  private @Nullable PlacementResult reusable(ExtenderArgs args, DecodedPod pod, ClusterSnapshot snapshot,
                                             long[] candidates) {
    LastCycle l = last;
    if (l == null || !args.byName() || l.snapshot != snapshot || l.pod != pod) {
      return null;
    }
    for (int w = 0; w < candidates.length; w++) {
      if ((candidates[w] & ~l.candidates[w]) != 0) {
        return null;
      }
    }
    return l.result;
  }

  /* The workload of a pod, decoded once for the filter and prioritize calls of one cycle. */
  private DecodedPod decodePod(RawJson raw) {
    DecodedPod previous = lastPod;
    if (previous != null && previous.pod.sameContent(raw)) {
      // the prioritize call right after its filter call: no hashing, no cache lookup
      return previous;
    }
    long hash = raw.contentHash();
    DecodedPod cached = decodedPods.getIfPresent(hash);
    if (cached != null && cached.pod.sameContent(raw)) {
      lastPod = cached;
      return cached;
    }
    Pod pod;
    try {
      pod = serialization.unmarshal(raw.stream(), Pod.class);
    } catch (RuntimeException e) {
      return DecodedPod.failed(badRequest("field Pod is not a valid Pod: " + firstLine(e.getMessage())));
    }
    if (pod == null || pod.getMetadata() == null || pod.getMetadata().getName() == null) {
      return DecodedPod.failed(badRequest("field Pod.metadata.name is missing; expected the pod being scheduled"));
    }
    Workload workload;
    try {
      workload = converter.workload(pod);
    } catch (RuntimeException e) {
      return DecodedPod.failed(badRequest("field Pod: " + firstLine(e.getMessage())));
    }
    String uid = pod.getMetadata().getUid();
    DecodedPod d = new DecodedPod(raw.compact(), workload, uid == null || uid.isEmpty() ? null : uid, null);
    decodedPods.put(hash, d);
    lastPod = d;
    return d;
  }

  /* A pod decoded from its raw JSON, or why it could not be. */
  private record DecodedPod(RawJson pod, Workload workload, @Nullable String uid, @Nullable Reply failure) {
    static DecodedPod failed(Reply reply) {
      return new DecodedPod(RawJson.of(new byte[0]), PLACEHOLDER, null, reply);
    }
  }

  /*
   * The last placement by name: the pod, the snapshot it ran on, its candidates (a bit per node
   * index), its result.
   */
  private record LastCycle(DecodedPod pod, ClusterSnapshot snapshot, long[] candidates, PlacementResult result) {
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /* The outcome of preparing a verb: a failure reply, or what the verb needs. */
  private static final class Cycle {
    final @Nullable Reply failure;
    final Workload workload;
    final ClusterSnapshot snapshot;
    final @Nullable PlacementResult result;
    final Set<String> unknown;
    /* per candidate, whether it is the first of its name; null when all are */
    private final boolean @Nullable [] first;
    /* per candidate, its node index in the snapshot, or -1: from the decoder, or else resolved here */
    private final @Nullable ResolvedNames resolved;
    private final int @Nullable [] nodeOf;
    /* the snapshot's name index in name mode, else null */
    final @Nullable NodeNameIndex names;

    Cycle(@Nullable Reply failure, @Nullable Workload workload, @Nullable ClusterSnapshot snapshot,
          @Nullable PlacementResult result, Set<String> unknown, boolean @Nullable [] first,
          @Nullable ResolvedNames resolved, int @Nullable [] nodeOf, @Nullable NodeNameIndex names) {
      this.failure = failure;
      this.workload = workload == null ? PLACEHOLDER : workload;
      this.snapshot = snapshot == null ? EMPTY : snapshot;
      this.result = result;
      this.unknown = unknown;
      this.first = first;
      this.resolved = resolved;
      this.nodeOf = nodeOf;
      this.names = names;
    }

    static Cycle failed(Reply reply) {
      return new Cycle(reply, null, null, null, Set.of(), null, null, new int[0], null);
    }

    PlacementResult result() {
      return Objects.requireNonNull(result, "result");
    }

    boolean firstOccurrence(int i) {
      return first == null || first[i];
    }

    /* Candidate i's node index in the snapshot, or -1 for a name it does not know. */
    int node(int i) {
      ResolvedNames r = resolved;
      return r != null ? r.node(i) : Objects.requireNonNull(nodeOf)[i];
    }

    /* The rejection of a candidate node, found by its position in the result; null if it passed. */
    FilterResult.@Nullable Rejection rejection(int node) {
      PlacementResult r = result();
      int pos = r.positionOf(node);
      return pos < 0 ? null : r.rejectionAt(pos);
    }
  }

  private static final Workload PLACEHOLDER = Workload.builder("-", "-").build();
  private static final ClusterSnapshot EMPTY = ClusterSnapshot.empty(Instant.EPOCH);

  /** For tests: the clock's instant. */
  Instant now() {
    return clock.instant();
  }
}
