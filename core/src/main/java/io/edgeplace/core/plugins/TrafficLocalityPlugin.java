package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Unit;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterPlugin.Rejections;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.reservation.UplinkDemand;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Traffic locality (score, and a filter for bandwidth): places a pod near the pods it talks to,
 * from {@code edgeplace.io/traffic-peers} on the pod and on the placed pods that name it.
 *
 * <p>Score: the cost model of the scheduler-plugins NetworkOverhead plugin, with the declared
 * bandwidth as the weight. Each bit/s exchanged with a peer costs 0 on the same node,
 * {@value #SAME_UNIT} in the same unit, {@value #SAME_REGION} in another unit of the same region
 * and {@value #ACROSS_WAN} across regions (or when a region is unknown), plus, whenever it leaves
 * the unit, the uplink latency in milliseconds of both ends. Those three costs are the defaults of
 * {@link CostModel}; {@link #create(BandwidthReservations, CostModel)} sets others. The summed cost is normalized as
 * NetworkOverhead does: the cheapest feasible node scores 100, the dearest 0. A pod without peers
 * scores 0 everywhere.
 *
 * <p>Filter: peer traffic that crosses units counts against both uplinks (see
 * {@link UplinkDemand}); {@link UplinkBandwidthPlugin} checks the pod's own unit, this plugin the
 * far ends: placing the pod outside a unit where its peers are puts their traffic on that unit's
 * uplink, and if that does not fit the node is rejected
 * ({@link FilterResult.Code#UNSCHEDULABLE}). Configure both with the same reservation book.
 */
public final class TrafficLocalityPlugin implements FilterPlugin, ScorePlugin {

  public static final String NAME = "traffic-locality";
  /** Peer traffic would not fit the uplink of a unit where the pod's peers run. */
  public static final String REASON_PEER_UPLINK_EXCEEDED = "PeerUplinkBandwidthExceeded";

  /** Cost per bit/s with a peer in the same unit, on another node. */
  public static final long SAME_UNIT = 1;
  /** Cost per bit/s with a peer in another unit of the same region, before latency. */
  public static final long SAME_REGION = 10;
  /** Cost per bit/s with a peer in another region, before latency. */
  public static final long ACROSS_WAN = 100;

  private static final StateKey<FarEnds> FAR_ENDS = StateKey.of(NAME + "/far-ends", FarEnds.class);
  private static final StateKey<Costs> COSTS = StateKey.of(NAME + "/costs", Costs.class);
  private static final TrafficLocalityPlugin WITHOUT_RESERVATIONS =
      new TrafficLocalityPlugin(null, CostModel.DEFAULT);

  /**
   * The cost per bit/s of peer traffic by distance, before latency: {@code sameUnit} with a peer
   * on another node of the same unit, {@code sameRegion} in another unit of the same region,
   * {@code acrossWan} across regions. A peer on the very node costs 0.
   *
   * @param sameUnit   default {@value TrafficLocalityPlugin#SAME_UNIT}
   * @param sameRegion default {@value TrafficLocalityPlugin#SAME_REGION}
   * @param acrossWan  default {@value TrafficLocalityPlugin#ACROSS_WAN}
   * @throws IllegalArgumentException when a cost is outside [0, {@value #MAX_COST}] or a nearer
   *                                  distance costs more than a farther one
   */
  public record CostModel(long sameUnit, long sameRegion, long acrossWan) {
    /**
     * The largest cost per bit/s, ten times the default across a WAN: a peer declared at 1 Pbit/s
     * then still costs less than 2^63 (the summed costs are {@code long}s).
     */
    public static final long MAX_COST = 1_000;
    /** The NetworkOverhead-like defaults: 1, 10, 100. */
    public static final CostModel DEFAULT = new CostModel(SAME_UNIT, SAME_REGION, ACROSS_WAN);

    public CostModel {
      check("sameUnit", sameUnit);
      check("sameRegion", sameRegion);
      check("acrossWan", acrossWan);
      if (sameUnit > sameRegion || sameRegion > acrossWan) {
        throw new IllegalArgumentException("traffic locality costs sameUnit=" + sameUnit + ", sameRegion=" + sameRegion
            + ", acrossWan=" + acrossWan + " do not grow with distance; a farther peer must cost at least as much. "
            + "Maybe " + SAME_UNIT + ", " + SAME_REGION + ", " + ACROSS_WAN + "?");
      }
    }

    private static void check(String name, long cost) {
      if (cost < 0 || cost > MAX_COST) {
        throw new IllegalArgumentException("traffic locality cost " + name + " is " + cost + "; it must be in [0, "
            + MAX_COST + "]");
      }
    }
  }

  private final @Nullable BandwidthReservations reservations;
  private final CostModel costs;
  /* the costs' three figures, read in the per-unit and per-node loops */
  private final long sameUnit;
  private final long sameRegion;
  private final long acrossWan;

  private TrafficLocalityPlugin(@Nullable BandwidthReservations reservations, CostModel costs) {
    this.reservations = reservations;
    this.costs = costs;
    this.sameUnit = costs.sameUnit();
    this.sameRegion = costs.sameRegion();
    this.acrossWan = costs.acrossWan();
  }

  /** Counting only what the snapshot shows. */
  public static TrafficLocalityPlugin create() {
    return WITHOUT_RESERVATIONS;
  }

  /** Counting also the unexpired reservations of {@code reservations}. */
  public static TrafficLocalityPlugin create(BandwidthReservations reservations) {
    return new TrafficLocalityPlugin(Objects.requireNonNull(reservations, "reservations"), CostModel.DEFAULT);
  }

  /** With the costs of {@code costs}, counting only what the snapshot shows. */
  public static TrafficLocalityPlugin create(CostModel costs) {
    return Objects.requireNonNull(costs, "costs").equals(CostModel.DEFAULT) ? WITHOUT_RESERVATIONS
        : new TrafficLocalityPlugin(null, costs);
  }

  /** With the costs of {@code costs}, counting also the unexpired reservations of {@code reservations}. */
  public static TrafficLocalityPlugin create(BandwidthReservations reservations, CostModel costs) {
    return new TrafficLocalityPlugin(Objects.requireNonNull(reservations, "reservations"),
        Objects.requireNonNull(costs, "costs"));
  }

  /** The cost per bit/s by distance this plugin uses. */
  public CostModel costs() {
    return costs;
  }

  @Override
  public String name() {
    return NAME;
  }

  /*
   * Placing the pod in unit x adds peerOnto(v) to every other unit v with peers, whatever x is
   * (and nothing to x itself). So the units whose uplink cannot take it are known before the
   * node loop: with none every node passes, with one only that unit's nodes pass (there the
   * traffic stays inside), with two or more no node passes. The rejections are built here, once.
   */
  @Override
  public FilterResult preFilter(CycleState state) {
    farEnds(state);
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    FarEnds f = state.get(FAR_ENDS);
    if (f.count == 0) {
      return FilterResult.pass();
    }
    int u = state.snapshot().unitOf(node);
    if (u != f.first) {
      return Objects.requireNonNull(f.firstRejection);
    }
    if (f.count == 1) {
      return FilterResult.pass();
    }
    return Objects.requireNonNull(f.secondRejection);
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    if (state.get(FAR_ENDS).count == 0) {
      return;
    }
    for (int k = from; k < to; k++) {
      FilterResult r = filter(state, nodes[k]);
      if (!r.passed()) {
        rejections.reject(k, r);
      }
    }
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    FarEnds f = farEnds(state);
    if (state.find(COSTS) != null) {
      return;
    }
    UplinkDemand d = f.uplinks.demand;
    state.put(COSTS, new Costs(d, unitCosts(state.snapshot(), d)));
  }

  /*
   * Per unit: its region as a small integer (-1 for none) and its uplink latency in
   * milliseconds. Units change only with a new node generation.
   */
  private record UnitGeography(int[] region, int regions, long[] latencyMillis) {
    static UnitGeography of(ClusterSnapshot s) {
      int units = s.unitCount();
      int[] region = new int[units];
      long[] latency = new long[units];
      Map<String, Integer> ids = new HashMap<>();
      for (int u = 0; u < units; u++) {
        Unit unit = s.unit(u);
        region[u] = unit.region().isEmpty() ? -1 : ids.computeIfAbsent(unit.region(), k -> ids.size());
        latency[u] = unit.uplinkLatency().toMillis();
      }
      return new UnitGeography(region, ids.size(), latency);
    }
  }

  private final PerNodeGeneration<UnitGeography> geography = new PerNodeGeneration<>(UnitGeography::of);

  /* The cost of each unit for the pod, before the discount of peers on the very node. */
  private long[] unitCosts(ClusterSnapshot s, UplinkDemand d) {
    int units = s.unitCount();
    long[] cost = new long[units];
    if (!d.hasPeers()) {
      return cost;
    }
    UnitGeography g = geography.get(s);
    int[] region = g.region();
    long[] latency = g.latencyMillis();
    long[] byRegion = new long[g.regions()];
    long latencyWeighted = 0;
    for (int v = 0; v < units; v++) {
      long w = d.peerOnto(v);
      if (w == 0) {
        continue;
      }
      if (region[v] >= 0) {
        byRegion[region[v]] += w;
      }
      latencyWeighted += w * latency[v];
    }
    long total = d.peerTotal();
    for (int u = 0; u < units; u++) {
      long inUnit = d.peerOnto(u);
      long inRegion = region[u] < 0 ? inUnit : byRegion[region[u]];
      long outside = total - inUnit;
      cost[u] = sameUnit * inUnit + sameRegion * (inRegion - inUnit) + acrossWan * (total - inRegion)
          + latency[u] * outside + (latencyWeighted - inUnit * latency[u]);
    }
    return cost;
  }

  @Override
  public long score(CycleState state, int node) {
    Costs c = state.get(COSTS);
    int u = state.snapshot().unitOf(node);
    UplinkDemand d = c.demand;
    /* only nodes of a unit with peers can host one: the search runs for those alone */
    return d.peerOnto(u) == 0 ? c.unitCost[u] : c.unitCost[u] - sameUnit * d.peerOnNode(node);
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    Costs c = state.get(COSTS);
    long[] unitCost = c.unitCost;
    UplinkDemand d = c.demand;
    ClusterSnapshot s = state.snapshot();
    /* a node outside the units holding peers holds none itself: one formula serves every node */
    d.peerOnNodes(nodes, from, to, scores);
    for (int k = from; k < to; k++) {
      scores[k] = unitCost[s.unitOf(nodes[k])] - sameUnit * scores[k];
    }
  }

  /** Lower cost is better: the cheapest node gets 100, the dearest 0 (as NetworkOverhead). */
  @Override
  public void normalize(CycleState state, int[] nodes, long[] scores, int count) {
    if (!state.get(FAR_ENDS).uplinks.demand.hasPeers()) {
      java.util.Arrays.fill(scores, 0, count, 0);
      return;
    }
    Scores.lowerIsBetter(scores, count);
  }

  @Override
  public String explain(CycleState state, int node) {
    FarEnds f = farEnds(state);
    UplinkDemand d = f.uplinks.demand;
    if (!d.hasPeers()) {
      return "no traffic peers";
    }
    ClusterSnapshot s = state.snapshot();
    int u = s.unitOf(node);
    long onNode = d.peerOnNode(node);
    long inUnit = d.peerOnto(u);
    return "peer traffic " + Format.bits(d.peerTotal()) + " (" + d.peerPods() + " peer pods of its own selectors): "
        + Format.bits(onNode) + " on this node, " + Format.bits(inUnit - onNode) + " elsewhere in unit \""
        + s.unit(u).name() + "\", " + Format.bits(d.peerTotal() - inUnit) + " across its uplink";
  }

  private FarEnds farEnds(CycleState state) {
    FarEnds f = state.find(FAR_ENDS);
    if (f == null) {
      f = FarEnds.of(state.snapshot(),
          Uplinks.of(state, reservations));
      state.put(FAR_ENDS, f);
    }
    return f;
  }

  /* The pod's cost per unit, and its demand for the discount of peers on the very node. */
  static final class Costs {
    final UplinkDemand demand;
    final long[] unitCost;

    Costs(UplinkDemand demand, long[] unitCost) {
      this.demand = demand;
      this.unitCost = unitCost;
    }
  }

  /* The units whose uplink could not carry the pod's peer traffic, and their rejections. */
  static final class FarEnds {
    final Uplinks uplinks;
    final int count;
    final int first;
    final FilterResult.@Nullable Rejection firstRejection;
    final FilterResult.@Nullable Rejection secondRejection;

    private FarEnds(Uplinks uplinks, int count, int first, FilterResult.@Nullable Rejection firstRejection,
                    FilterResult.@Nullable Rejection secondRejection) {
      this.uplinks = uplinks;
      this.count = count;
      this.first = first;
      this.firstRejection = firstRejection;
      this.secondRejection = secondRejection;
    }

    static FarEnds of(ClusterSnapshot s, Uplinks up) {
      int count = 0;
      int first = -1;
      int second = -1;
      if (up.demand.hasPeers()) {
        for (int v = 0; v < s.unitCount(); v++) {
          long onto = up.demand.peerOnto(v);
          if (onto > 0 && (onto > up.freeIn[v] || onto > up.freeOut[v])) {
            if (count == 0) {
              first = v;
            } else if (count == 1) {
              second = v;
            }
            count++;
          }
        }
      }
      return new FarEnds(up, count, first, count > 0 ? rejection(s, up, first) : null,
          count > 1 ? rejection(s, up, second) : null);
    }

    private static FilterResult.Rejection rejection(ClusterSnapshot s, Uplinks up, int v) {
      Unit unit = s.unit(v);
      long onto = up.demand.peerOnto(v);
      return FilterResult.unschedulable(NAME, REASON_PEER_UPLINK_EXCEEDED, "unit \"" + unit.name()
          + "\" uplink: peer traffic with its pods needs " + Format.bits(onto) + " each way, residual "
          + Format.bits(Math.max(0, Math.min(up.freeIn[v], up.freeOut[v]))) + " of "
          + Format.bits(unit.uplinkBitsPerSecond()) + "; only a node inside \"" + unit.name()
          + "\" keeps that traffic off its uplink (in use: " + Uplinks.usage(s, v, up.reserved) + ")");
    }
  }
}
