package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How well each unit is connected, judged from its nodes' {@code Ready} condition and the age of
 * their {@code lastHeartbeatTime} against the snapshot's time.
 *
 * <p>A node is <em>stale</em> when its heartbeat is older than {@link #staleAfter()}; a node
 * without a known heartbeat is judged by its {@code Ready} condition alone. A unit is
 * <ul>
 *   <li>{@link State#DISCONNECTED} when at least one of its nodes has a known heartbeat and none
 *       of them is live (every known heartbeat is stale, no ready node lacks one): the nodes went
 *       silent together, so the uplink is down, not a node;</li>
 *   <li>{@link State#DEGRADED} when some but not all of its nodes are stale: a flapping or
 *       partial link, or data that is getting old;</li>
 *   <li>{@link State#CONNECTED} otherwise. A NotReady node whose heartbeat is fresh is a node
 *       problem (its kubelet reports it), not a unit problem: the unit stays connected.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; {@link #assess} is O(nodes) and allocates a few arrays.
 */
public final class UnitHealth {

  /*
   * The defaults follow kube-controller-manager's node lifecycle controller, so that edgeplace
   * calls a unit disconnected exactly when Kubernetes itself starts treating its nodes as lost:
   *
   * - staleAfter = node-monitor-grace-period, 50s since Kubernetes 1.32 (40s before; raised in
   *   kubernetes/kubernetes#126287 because 40s gave the kubelet too few status-update retries at
   *   its 10s node-status-update-frequency). After it, the controller marks the node's Ready
   *   condition Unknown; a unit all of whose nodes are past it has lost its uplink.
   * - evictionAfter = pod-eviction-timeout, 5m (today the default 300s tolerationSeconds of the
   *   not-ready/unreachable taints). After it the pods of an unreachable node are evicted unless
   *   the node is autonomous (OpenYurt's node.openyurt.io/autonomy-duration), which explanations
   *   report.
   *
   * Adapters should give Node.lastHeartbeat as the newer of the Ready condition's
   * lastHeartbeatTime and the node Lease's renewTime, as the controller does: with node leases
   * the kubelet rewrites the condition only every nodeStatusReportFrequency (5m) when nothing
   * changes. With the condition alone, raise staleAfter above 5m.
   */

  /** kube-controller-manager's {@code --node-monitor-grace-period} default since Kubernetes 1.32. */
  public static final Duration DEFAULT_STALE_AFTER = Duration.ofSeconds(50);
  /** kube-controller-manager's {@code --pod-eviction-timeout} default (300s taint toleration). */
  public static final Duration DEFAULT_EVICTION_AFTER = Duration.ofMinutes(5);

  private static final UnitHealth DEFAULTS = new UnitHealth(DEFAULT_STALE_AFTER, DEFAULT_EVICTION_AFTER);

  /** The connectivity of a unit. */
  public enum State { CONNECTED, DEGRADED, DISCONNECTED }

  private final Duration staleAfter;
  private final Duration evictionAfter;
  private final long staleAfterMillis;

  private UnitHealth(Duration staleAfter, Duration evictionAfter) {
    this.staleAfter = staleAfter;
    this.evictionAfter = evictionAfter;
    this.staleAfterMillis = staleAfter.toMillis();
  }

  /** The defaults: stale after 50s, evicted after 5m. */
  public static UnitHealth defaults() {
    return DEFAULTS;
  }

  /**
   * Custom thresholds.
   *
   * @throws IllegalArgumentException when a threshold is not positive, or eviction comes before staleness
   */
  public static UnitHealth of(Duration staleAfter, Duration evictionAfter) {
    Objects.requireNonNull(staleAfter, "staleAfter");
    Objects.requireNonNull(evictionAfter, "evictionAfter");
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new IllegalArgumentException("unit health staleAfter is " + staleAfter
          + "; it must be positive. Maybe use UnitHealth.DEFAULT_STALE_AFTER (50s)?");
    }
    if (evictionAfter.compareTo(staleAfter) < 0) {
      throw new IllegalArgumentException("unit health evictionAfter " + evictionAfter + " is shorter than staleAfter "
          + staleAfter + "; pods are evicted only after a node is stale. Maybe use 5m?");
    }
    return new UnitHealth(staleAfter, evictionAfter);
  }

  public Duration staleAfter() {
    return staleAfter;
  }

  public Duration evictionAfter() {
    return evictionAfter;
  }

  /** Judges every unit and node of {@code snapshot} at {@code snapshot.time()}. */
  public Assessment assess(ClusterSnapshot snapshot) {
    Instant now = snapshot.time();
    long nowMillis = now.toEpochMilli();
    int nodes = snapshot.nodeCount();
    int units = snapshot.unitCount();
    long[] age = new long[nodes];
    boolean[] stale = new boolean[nodes];
    int[] live = new int[units];
    int[] staleCount = new int[units];
    int[] known = new int[units];
    long[] newest = new long[units];
    java.util.Arrays.fill(newest, -1);
    for (int n = 0; n < nodes; n++) {
      Node node = snapshot.node(n);
      int u = snapshot.unitOf(n);
      Instant hb = node.lastHeartbeat();
      if (hb == null) {
        age[n] = -1;
        if (node.ready()) {
          live[u]++;
        }
        continue;
      }
      long a = Math.max(0, nowMillis - hb.toEpochMilli());
      age[n] = a;
      known[u]++;
      if (newest[u] < 0 || a < newest[u]) {
        newest[u] = a;
      }
      if (a > staleAfterMillis) {
        stale[n] = true;
        staleCount[u]++;
      } else {
        live[u]++;
      }
    }
    byte[] verdict = new byte[nodes];
    State[] state = new State[units];
    int[] score = new int[units];
    for (int u = 0; u < units; u++) {
      int size = snapshot.unitSize(u);
      if (known[u] > 0 && live[u] == 0) {
        state[u] = State.DISCONNECTED;
      } else if (staleCount[u] > 0) {
        state[u] = State.DEGRADED;
        score[u] = (int) (50L * (size - staleCount[u]) / Math.max(1, size));
      } else {
        state[u] = State.CONNECTED;
        score[u] = 100;
      }
    }
    for (int n = 0; n < nodes; n++) {
      verdict[n] = state[snapshot.unitOf(n)] == State.DISCONNECTED ? Assessment.UNIT_DISCONNECTED
          : stale[n] ? Assessment.NODE_STALE : snapshot.node(n).ready() ? Assessment.OK : Assessment.NODE_NOT_READY;
    }
    return new Assessment(this, state, score, newest, age, stale, staleCount, verdict);
  }

  /** The judgement of one snapshot, by unit and node index. */
  public static final class Assessment {
    /** {@link #verdict}: the node may take new pods. */
    public static final byte OK = 0;
    /** {@link #verdict}: the node's unit is disconnected. */
    public static final byte UNIT_DISCONNECTED = 1;
    /** {@link #verdict}: the node's heartbeat is stale, its unit is not disconnected. */
    public static final byte NODE_STALE = 2;
    /** {@link #verdict}: the node reports NotReady with a fresh (or unknown) heartbeat. */
    public static final byte NODE_NOT_READY = 3;

    private final UnitHealth thresholds;
    private final State[] state;
    private final int[] score;
    private final long[] newestAge;
    private final long[] nodeAge;
    private final boolean[] stale;
    private final int[] staleCount;
    private final byte[] verdict;
    private final boolean allOk;

    private Assessment(UnitHealth thresholds, State[] state, int[] score, long[] newestAge, long[] nodeAge,
                       boolean[] stale, int[] staleCount, byte[] verdict) {
      this.verdict = verdict;
      boolean ok = true;
      for (byte v : verdict) {
        ok &= v == OK;
      }
      this.allOk = ok;
      this.thresholds = thresholds;
      this.state = state;
      this.score = score;
      this.newestAge = newestAge;
      this.nodeAge = nodeAge;
      this.stale = stale;
      this.staleCount = staleCount;
    }

    /** Whether every node's verdict is {@link #OK}. */
    public boolean allOk() {
      return allOk;
    }

    /** {@link #OK}, {@link #UNIT_DISCONNECTED}, {@link #NODE_STALE} or {@link #NODE_NOT_READY}: one array read. */
    public byte verdict(int node) {
      return verdict[node];
    }

    public UnitHealth thresholds() {
      return thresholds;
    }

    public State state(int unit) {
      return state[unit];
    }

    /** 100 for a connected unit, 0..50 for a degraded one (by its share of live nodes), 0 when disconnected. */
    public int score(int unit) {
      return score[unit];
    }

    /** Age in milliseconds of the unit's newest known heartbeat, or -1 when none is known. */
    public long newestHeartbeatAgeMillis(int unit) {
      return newestAge[unit];
    }

    /** Age in milliseconds of the node's heartbeat, or -1 when unknown. */
    public long heartbeatAgeMillis(int node) {
      return nodeAge[node];
    }

    /** Whether the node's heartbeat is older than the stale threshold. */
    public boolean stale(int node) {
      return stale[node];
    }

    /** The number of stale nodes in the unit. */
    public int staleNodes(int unit) {
      return staleCount[unit];
    }
  }
}
