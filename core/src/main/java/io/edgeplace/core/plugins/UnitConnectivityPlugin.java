package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Unit connectivity (filter and score): no new pod goes into a {@link UnitHealth.State#DISCONNECTED}
 * unit, where it could not start until the uplink returns; a stale or NotReady node in a unit
 * that is still connected is rejected on its own, with a node-level reason; degraded units score
 * lower than connected ones.
 *
 * <p>Both rejections are {@link FilterResult.Code#UNSCHEDULABLE}: links and nodes come back. The
 * explanation reports the unit's state, its newest heartbeat and OpenYurt's
 * {@code node.openyurt.io/autonomy-duration}, which keeps pods of a disconnected node running.
 */
public final class UnitConnectivityPlugin implements FilterPlugin, ScorePlugin {

  public static final String NAME = "unit-connectivity";
  /** Every heartbeat of the unit is stale: its uplink is down. */
  public static final String REASON_UNIT_DISCONNECTED = "UnitDisconnected";
  /** The node's heartbeat is stale while its unit is still heard from. */
  public static final String REASON_NODE_STALE = "NodeHeartbeatStale";
  /** The node reports NotReady. */
  public static final String REASON_NODE_NOT_READY = "NodeNotReady";

  private static final StateKey<UnitHealth.Assessment> KEY =
      StateKey.of(NAME + "/assessment", UnitHealth.Assessment.class);
  private static final StateKey<Rejections> REJECTIONS = StateKey.of(NAME + "/rejections", Rejections.class);

  /*
   * The rejections of one assessment, built on first use and kept with the memoized assessment:
   * they depend on the nodes and the time only, not on the pod, so later cycles reuse them. Per
   * unit for a disconnected unit, per node otherwise. Written without a lock from the per-node
   * calls; a race only builds an equal immutable record twice.
   */
  static final class Rejections {
    final FilterResult.@org.jspecify.annotations.Nullable Rejection[] byUnit;
    final FilterResult.@org.jspecify.annotations.Nullable Rejection[] byNode;

    Rejections(int units, int nodes) {
      byUnit = new FilterResult.Rejection[units];
      byNode = new FilterResult.Rejection[nodes];
    }
  }

  private final UnitHealth health;
  /*
   * The last assessment, keyed by the snapshot's node generation and time: placing a pod makes a
   * new snapshot with the same nodes, so consecutive cycles reuse the O(nodes) judgement. A memo of
   * a pure function, the plugin's only mutable state; a race at worst computes it twice.
   */
  private final AtomicReference<Memo> last = new AtomicReference<>();

  private record Memo(Object generation, Instant time, UnitHealth.Assessment assessment, Rejections rejections) {
  }

  private UnitConnectivityPlugin(UnitHealth health) {
    this.health = health;
  }

  /** With the default thresholds of {@link UnitHealth#defaults()}. */
  public static UnitConnectivityPlugin create() {
    return new UnitConnectivityPlugin(UnitHealth.defaults());
  }

  public static UnitConnectivityPlugin create(UnitHealth health) {
    return new UnitConnectivityPlugin(Objects.requireNonNull(health, "health"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult preFilter(CycleState state) {
    assessment(state);
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    UnitHealth.Assessment a = state.get(KEY);
    byte verdict = a.verdict(node);
    if (verdict == UnitHealth.Assessment.OK) {
      return FilterResult.pass();
    }
    ClusterSnapshot s = state.snapshot();
    int u = s.unitOf(node);
    Rejections memo = state.get(REJECTIONS);
    if (verdict == UnitHealth.Assessment.UNIT_DISCONNECTED) {
      FilterResult.Rejection r = memo.byUnit[u];
      if (r == null) {
        r = FilterResult.unschedulable(NAME, REASON_UNIT_DISCONNECTED, "unit \"" + s.unit(u).name()
            + "\" is disconnected: its newest heartbeat is " + Format.duration(a.newestHeartbeatAgeMillis(u))
            + " old, none within " + Format.duration(health.staleAfter().toMillis())
            + "; a new pod could not start until its uplink returns");
        memo.byUnit[u] = r;
      }
      return r;
    }
    FilterResult.Rejection r = memo.byNode[node];
    if (r == null) {
      r = verdict == UnitHealth.Assessment.NODE_STALE
          ? FilterResult.unschedulable(NAME, REASON_NODE_STALE, "node \"" + s.node(node).name()
              + "\" last heartbeat " + Format.duration(a.heartbeatAgeMillis(node)) + " ago (stale after "
              + Format.duration(health.staleAfter().toMillis()) + ") while its unit \"" + s.unit(u).name()
              + "\" is still heard from " + Format.duration(a.newestHeartbeatAgeMillis(u)) + " ago")
          : FilterResult.unschedulable(NAME, REASON_NODE_NOT_READY, "node \"" + s.node(node).name()
              + "\" is NotReady; its unit \"" + s.unit(u).name() + "\" is " + stateWord(a.state(u)));
      memo.byNode[node] = r;
    }
    return r;
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, FilterPlugin.Rejections rejections) {
    UnitHealth.Assessment a = state.get(KEY);
    if (a.allOk()) {
      return;
    }
    for (int k = from; k < to; k++) {
      int node = nodes[k];
      if (a.verdict(node) != UnitHealth.Assessment.OK) {
        rejections.reject(k, filter(state, node));
      }
    }
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    assessment(state);
  }

  @Override
  public long score(CycleState state, int node) {
    return state.get(KEY).score(state.snapshot().unitOf(node));
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    UnitHealth.Assessment a = state.get(KEY);
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      scores[k] = a.score(s.unitOf(nodes[k]));
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    UnitHealth.Assessment a = assessment(state);
    ClusterSnapshot s = state.snapshot();
    int u = s.unitOf(node);
    StringBuilder b = new StringBuilder("unit \"").append(s.unit(u).name()).append("\" ")
        .append(stateWord(a.state(u)));
    long newest = a.newestHeartbeatAgeMillis(u);
    b.append(newest < 0 ? ", no heartbeat known" : ", newest heartbeat " + Format.duration(newest) + " ago");
    if (a.staleNodes(u) > 0) {
      b.append(", ").append(a.staleNodes(u)).append(" of ").append(s.unitSize(u)).append(" nodes stale");
    }
    long evict = health.evictionAfter().toMillis();
    Node n = s.node(node);
    String autonomy = n.annotations().get(WellKnownKeys.OPENYURT_AUTONOMY_DURATION);
    if (a.state(u) == UnitHealth.State.DISCONNECTED && newest > evict) {
      b.append("; past the pod-eviction timeout ").append(Format.duration(evict))
          .append(autonomy == null ? ": its pods are being evicted" : "");
    }
    if (autonomy != null) {
      b.append("; OpenYurt autonomy ").append(WellKnownKeys.OPENYURT_AUTONOMY_DURATION).append('=')
          .append(autonomy).append(" keeps its pods running while the uplink is down");
    }
    return b.toString();
  }

  private UnitHealth.Assessment assessment(CycleState state) {
    UnitHealth.Assessment a = state.find(KEY);
    if (a == null) {
      ClusterSnapshot s = state.snapshot();
      Memo m = last.get();
      if (m == null || m.generation() != s.nodeGeneration() || !m.time().equals(s.time())) {
        m = new Memo(s.nodeGeneration(), s.time(), health.assess(s), new Rejections(s.unitCount(), s.nodeCount()));
        last.set(m);
      }
      a = m.assessment();
      state.put(KEY, a);
      state.put(REJECTIONS, m.rejections());
    }
    return a;
  }

  private static String stateWord(UnitHealth.State state) {
    return switch (state) {
      case CONNECTED -> "connected";
      case DEGRADED -> "degraded";
      case DISCONNECTED -> "disconnected";
    };
  }
}
