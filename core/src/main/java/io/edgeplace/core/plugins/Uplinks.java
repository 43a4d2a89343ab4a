package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Unit;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.StateKey;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.reservation.UplinkDemand;
import org.jspecify.annotations.Nullable;

/*
 * One cycle's view of the uplinks: per unit, what is free in each direction (capacity minus the
 * placed pods' declared bandwidth, minus the cross-unit peer traffic, minus unexpired
 * reservations; Long.MAX_VALUE for a unit without a declared capacity), and the pod's demand.
 * Computed once per cycle in O(units + reservations + the pod's peers).
 */
final class Uplinks {
  final UplinkDemand demand;
  final BandwidthReservations.Totals reserved;
  final long[] freeIn;
  final long[] freeOut;
  /* per unit: whether the pod's own demand fits there, and its headroom score (0..100) */
  final boolean[] fits;
  final int[] headroom;
  /* whether the pod's demand fits every unit */
  final boolean fitsEverywhere;
  /*
   * Per unit, the rejection once built: nodes of one unit share it. Written in the per-node calls
   * without a lock; a race only builds an equal immutable record twice.
   */
  final FilterResult.@Nullable Rejection[] rejections;

  private Uplinks(UplinkDemand demand, BandwidthReservations.Totals reserved, long[] freeIn, long[] freeOut,
                  ClusterSnapshot s, @Nullable BandwidthReservations book) {
    this.book = book;
    this.demand = demand;
    this.reserved = reserved;
    this.freeIn = freeIn;
    this.freeOut = freeOut;
    int units = freeIn.length;
    this.fits = new boolean[units];
    this.headroom = new int[units];
    this.rejections = new FilterResult.Rejection[units];
    boolean everywhere = true;
    for (int u = 0; u < units; u++) {
      long needIn = demand.ingressIn(u);
      long needOut = demand.egressIn(u);
      fits[u] = (needIn == 0 || needIn <= freeIn[u]) && (needOut == 0 || needOut <= freeOut[u]);
      everywhere &= fits[u];
      Unit unit = s.unit(u);
      if (!unit.hasUplinkLimit()) {
        headroom[u] = 100;
      } else {
        long room = Math.min(freeIn[u] - needIn, freeOut[u] - needOut);
        headroom[u] = room <= 0 ? 0 : (int) Math.min(100, (long) (100.0 * room / unit.uplinkBitsPerSecond()));
      }
    }
    this.fitsEverywhere = everywhere;
  }

  /* Computed once per cycle for the uplink plugins that count the same reservation book. */
  private static final StateKey<Uplinks> SHARED =
      StateKey.of("uplinks", Uplinks.class);

  private final @Nullable BandwidthReservations book;

  /* This cycle's uplinks as counted with {@code book} (null: no reservations). Called in pre-phases only. */
  static Uplinks of(CycleState state, @Nullable BandwidthReservations book) {
    Uplinks shared = state.find(SHARED);
    if (shared != null && shared.book == book) {
      return shared;
    }
    Uplinks up = compute(state, book);
    if (shared == null) {
      state.put(SHARED, up);
    }
    return up;
  }

  private static Uplinks compute(CycleState state, @Nullable BandwidthReservations book) {
    ClusterSnapshot s = state.snapshot();
    BandwidthReservations.Totals r = book == null ? BandwidthReservations.Totals.NONE : book.totals(s);
    int units = s.unitCount();
    long[] in = new long[units];
    long[] out = new long[units];
    for (int u = 0; u < units; u++) {
      Unit unit = s.unit(u);
      if (!unit.hasUplinkLimit()) {
        in[u] = Long.MAX_VALUE;
        out[u] = Long.MAX_VALUE;
        continue;
      }
      long peer = s.unitPeerBitsPerSecond(u);
      in[u] = unit.uplinkBitsPerSecond() - s.unitIngressBitsPerSecond(u) - peer - r.ingress(u);
      out[u] = unit.uplinkBitsPerSecond() - s.unitEgressBitsPerSecond(u) - peer - r.egress(u);
    }
    return new Uplinks(UplinkDemand.of(s, state.workload()), r, in, out, s, book);
  }

  /* "ingress 30 Mbit/s" style figures, for messages. */
  static String usage(ClusterSnapshot s, int u, BandwidthReservations.Totals reserved) {
    return "placed pods " + Format.bits(s.unitIngressBitsPerSecond(u)) + " in / "
        + Format.bits(s.unitEgressBitsPerSecond(u)) + " out, cross-unit peer traffic "
        + Format.bits(s.unitPeerBitsPerSecond(u)) + ", reserved " + Format.bits(reserved.ingress(u)) + " in / "
        + Format.bits(reserved.egress(u)) + " out";
  }
}
