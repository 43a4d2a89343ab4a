package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Unit;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterPlugin.Rejections;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.reservation.UplinkDemand;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Uplink bandwidth (filter and score): the pod's demand on its unit's uplink must fit the
 * residual capacity, and more headroom scores higher.
 *
 * <p>The model is {@link UplinkDemand}'s: each direction of an uplink has the unit's whole
 * capacity ({@link Unit#uplinkBitsPerSecond()}); the residual is that capacity minus the placed
 * pods' {@code kubernetes.io/ingress-bandwidth} (inbound) or {@code egress-bandwidth}
 * (outbound), minus the cross-unit peer traffic, minus the unexpired reservations of the
 * {@link BandwidthReservations} book. The pod's demand is its own ingress or egress plus its peer
 * traffic that would cross this uplink. The far ends of that peer traffic are
 * {@link TrafficLocalityPlugin}'s to check. A unit without {@code edgeplace.io/uplink-bandwidth}
 * is unlimited. Rejections are {@link FilterResult.Code#UNSCHEDULABLE}: bandwidth frees up.
 *
 * <p>Score: the smaller of the two directions' headroom after placing the pod, as a percentage
 * of the capacity; 100 for an unlimited unit.
 */
public final class UplinkBandwidthPlugin implements FilterPlugin, ScorePlugin {

  public static final String NAME = "uplink-bandwidth";
  /** The pod's demand exceeds the residual of its unit's uplink. */
  public static final String REASON_EXCEEDED = "UplinkBandwidthExceeded";

  private static final StateKey<Uplinks> KEY = StateKey.of(NAME + "/uplinks", Uplinks.class);
  private static final UplinkBandwidthPlugin WITHOUT_RESERVATIONS = new UplinkBandwidthPlugin(null);

  private final @Nullable BandwidthReservations reservations;

  private UplinkBandwidthPlugin(@Nullable BandwidthReservations reservations) {
    this.reservations = reservations;
  }

  /** Counting only what the snapshot shows. */
  public static UplinkBandwidthPlugin create() {
    return WITHOUT_RESERVATIONS;
  }

  /** Counting also the unexpired reservations of {@code reservations}. */
  public static UplinkBandwidthPlugin create(BandwidthReservations reservations) {
    return new UplinkBandwidthPlugin(Objects.requireNonNull(reservations, "reservations"));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult preFilter(CycleState state) {
    uplinks(state);
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    Uplinks up = state.get(KEY);
    int u = state.snapshot().unitOf(node);
    if (up.fits[u]) {
      return FilterResult.pass();
    }
    FilterResult.Rejection r = up.rejections[u];
    if (r == null) {
      r = reject(state.snapshot(), up, u, up.demand.ingressIn(u), up.demand.egressIn(u));
      up.rejections[u] = r;
    }
    return r;
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    Uplinks up = state.get(KEY);
    if (up.fitsEverywhere) {
      return;
    }
    boolean[] fits = up.fits;
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      int node = nodes[k];
      if (!fits[s.unitOf(node)]) {
        rejections.reject(k, filter(state, node));
      }
    }
  }

  private static FilterResult.Rejection reject(ClusterSnapshot s, Uplinks up, int u, long needIn, long needOut) {
    Unit unit = s.unit(u);
    StringBuilder b = new StringBuilder("unit \"").append(unit.name()).append("\" uplink: pod needs ");
    boolean inFails = needIn > 0 && needIn > up.freeIn[u];
    boolean outFails = needOut > 0 && needOut > up.freeOut[u];
    if (outFails) {
      b.append(Format.bits(needOut)).append(" egress, residual ").append(Format.bits(Math.max(0, up.freeOut[u])));
    }
    if (inFails) {
      b.append(outFails ? "; " : "").append(Format.bits(needIn)).append(" ingress, residual ")
          .append(Format.bits(Math.max(0, up.freeIn[u])));
    }
    b.append(" of ").append(Format.bits(unit.uplinkBitsPerSecond()));
    long peer = up.demand.crossUnitPeerIn(u);
    if (peer > 0) {
      b.append(" (the pod's need includes ").append(Format.bits(peer)).append(" of cross-unit peer traffic)");
    }
    b.append("; in use: ").append(Uplinks.usage(s, u, up.reserved));
    return FilterResult.unschedulable(NAME, REASON_EXCEEDED, b.toString());
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    uplinks(state);
  }

  @Override
  public long score(CycleState state, int node) {
    return state.get(KEY).headroom[state.snapshot().unitOf(node)];
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    int[] headroom = state.get(KEY).headroom;
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      scores[k] = headroom[s.unitOf(nodes[k])];
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    Uplinks up = uplinks(state);
    ClusterSnapshot s = state.snapshot();
    int u = s.unitOf(node);
    Unit unit = s.unit(u);
    if (!unit.hasUplinkLimit()) {
      return "unit \"" + unit.name() + "\" uplink unlimited, no " + WellKnownKeys.UPLINK_BANDWIDTH;
    }
    return "unit \"" + unit.name() + "\" uplink " + Format.bits(unit.uplinkBitsPerSecond()) + " each way: pod needs "
        + Format.bits(up.demand.ingressIn(u)) + " in / " + Format.bits(up.demand.egressIn(u)) + " out, residual "
        + Format.bits(Math.max(0, up.freeIn[u])) + " in / " + Format.bits(Math.max(0, up.freeOut[u])) + " out ("
        + Uplinks.usage(s, u, up.reserved) + ")";
  }

  private Uplinks uplinks(CycleState state) {
    Uplinks up = state.find(KEY);
    if (up == null) {
      up = Uplinks.of(state, reservations);
      state.put(KEY, up);
    }
    return up;
  }
}
