package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Unit;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.core.reservation.BandwidthReservations;
import io.edgeplace.core.reservation.UplinkDemand;

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

  private Uplinks(UplinkDemand demand, BandwidthReservations.Totals reserved, long[] freeIn, long[] freeOut) {
    this.demand = demand;
    this.reserved = reserved;
    this.freeIn = freeIn;
    this.freeOut = freeOut;
  }

  static Uplinks of(CycleState state, BandwidthReservations.@org.jspecify.annotations.Nullable Totals reserved) {
    ClusterSnapshot s = state.snapshot();
    BandwidthReservations.Totals r = reserved == null ? BandwidthReservations.Totals.NONE : reserved;
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
    return new Uplinks(UplinkDemand.of(s, state.workload()), r, in, out);
  }

  /* "ingress 30 Mbit/s" style figures, for messages. */
  static String usage(ClusterSnapshot s, int u, BandwidthReservations.Totals reserved) {
    return "placed pods " + Format.bits(s.unitIngressBitsPerSecond(u)) + " in / "
        + Format.bits(s.unitEgressBitsPerSecond(u)) + " out, cross-unit peer traffic "
        + Format.bits(s.unitPeerBitsPerSecond(u)) + ", reserved " + Format.bits(reserved.ingress(u)) + " in / "
        + Format.bits(reserved.egress(u)) + " out";
  }
}
