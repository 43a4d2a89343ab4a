package io.edgeplace.core.reservation;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What one pod would put on the units' uplinks, computed once per pod from a snapshot.
 *
 * <p>The bandwidth model, shared by the uplink plugins and the reservation book:
 * <ul>
 *   <li>An uplink has two directions, each with the unit's whole declared capacity
 *       ({@code edgeplace.io/uplink-bandwidth} is symmetric). A pod's
 *       {@code kubernetes.io/ingress-bandwidth} counts against the inbound direction of its unit's
 *       uplink and its {@code kubernetes.io/egress-bandwidth} against the outbound one: edge pods
 *       talk to the cloud.</li>
 *   <li>Declared peer traffic ({@code edgeplace.io/traffic-peers}, {@code r} bits/s with each
 *       matched pod, both directions together) that crosses units counts against both uplinks,
 *       and since its split between directions is not declared, in full against each direction
 *       (see {@link ClusterSnapshot#unitPeerBitsPerSecond}). It includes the traffic the pod
 *       declares and the traffic placed pods declare with it.</li>
 * </ul>
 * So a pod placed in unit {@code x} adds {@code ingress + crossUnitPeer(x)} inbound and
 * {@code egress + crossUnitPeer(x)} outbound to {@code x}'s uplink, and {@link #peerOnto(int)
 * peerOnto(v)} in both directions to every other unit {@code v} it has peers in.
 */
public final class UplinkDemand {
  private static final int[] NO_NODES = new int[0];
  private static final long[] NO_BITS = new long[0];

  private final long ingress;
  private final long egress;
  private final long peerTotal;
  private final long[] peerByUnit;
  private final int[] peerNodes;
  private final long[] peerNodeBits;
  private final int peerPods;

  private UplinkDemand(long ingress, long egress, long peerTotal, long[] peerByUnit, int[] peerNodes,
                       long[] peerNodeBits, int peerPods) {
    this.ingress = ingress;
    this.egress = egress;
    this.peerTotal = peerTotal;
    this.peerByUnit = peerByUnit;
    this.peerNodes = peerNodes;
    this.peerNodeBits = peerNodeBits;
    this.peerPods = peerPods;
  }

  /**
   * The demand of {@code workload} in {@code snapshot}: its peers are found through the label
   * index and the declared-selector index, in time proportional to the units and the matched
   * peers, never to all placed pods.
   */
  public static UplinkDemand of(ClusterSnapshot snapshot, Workload workload) {
    long[] byUnit = new long[snapshot.unitCount()];
    long total = snapshot.declaredPeerBitsPerSecondWith(workload.labels(), byUnit);
    Peers peers = new Peers(snapshot, workload, byUnit);
    for (TrafficPeer tp : workload.trafficPeers()) {
      if (tp.bitsPerSecond() != 0) {
        peers.bits = tp.bitsPerSecond();
        snapshot.forEachPodMatching(tp.selector(), peers);
      }
    }
    total += peers.total;
    int[] nodes = NO_NODES;
    long[] bits = NO_BITS;
    if (peers.count > 0) {
      /* sort (node, bits) pairs by node and merge duplicates */
      long[] packed = new long[peers.count];
      for (int i = 0; i < peers.count; i++) {
        packed[i] = ((long) peers.nodes[i] << 32) | i;
      }
      Arrays.sort(packed);
      nodes = new int[peers.count];
      bits = new long[peers.count];
      int distinct = 0;
      for (long pk : packed) {
        int n = (int) (pk >>> 32);
        long b = peers.bitsOf[(int) pk];
        if (distinct > 0 && nodes[distinct - 1] == n) {
          bits[distinct - 1] += b;
        } else {
          nodes[distinct] = n;
          bits[distinct] = b;
          distinct++;
        }
      }
      nodes = Arrays.copyOf(nodes, distinct);
      bits = Arrays.copyOf(bits, distinct);
    }
    return new UplinkDemand(workload.ingressBitsPerSecond(), workload.egressBitsPerSecond(), total, byUnit, nodes,
        bits, peers.count);
  }

  /* Collects the pod's own peers: per unit sums and (node, bits) pairs. */
  private static final class Peers implements java.util.function.Consumer<PlacedPod> {
    private final ClusterSnapshot snapshot;
    private final String namespace;
    private final String name;
    private final long[] byUnit;
    long bits;
    long total;
    int count;
    int[] nodes = new int[16];
    long[] bitsOf = new long[16];

    Peers(ClusterSnapshot snapshot, Workload workload, long[] byUnit) {
      this.snapshot = snapshot;
      this.namespace = workload.namespace();
      this.name = workload.name();
      this.byUnit = byUnit;
    }

    @Override
    public void accept(PlacedPod p) {
      int n = snapshot.nodeIndex(p.nodeName());
      if (n < 0 || (p.name().equals(name) && p.namespace().equals(namespace))) {
        return;
      }
      byUnit[snapshot.unitOf(n)] += bits;
      total += bits;
      if (count == nodes.length) {
        nodes = Arrays.copyOf(nodes, count * 2);
        bitsOf = Arrays.copyOf(bitsOf, count * 2);
      }
      nodes[count] = n;
      bitsOf[count] = bits;
      count++;
    }
  }

  /** The pod's own {@code kubernetes.io/ingress-bandwidth}. */
  public long ingress() {
    return ingress;
  }

  /** The pod's own {@code kubernetes.io/egress-bandwidth}. */
  public long egress() {
    return egress;
  }

  /** Whether the pod has any declared peer traffic, in either direction of declaration. */
  public boolean hasPeers() {
    return peerTotal > 0;
  }

  /** All declared peer traffic of the pod, bits/s. */
  public long peerTotal() {
    return peerTotal;
  }

  /** The number of placed pods the pod's own peer selectors match. */
  public int peerPods() {
    return peerPods;
  }

  /** Peer traffic with pods in unit {@code unit}: what that unit's uplink carries when the pod is elsewhere. */
  public long peerOnto(int unit) {
    return peerByUnit[unit];
  }

  /** Peer traffic that would cross the uplink of unit {@code unit} if the pod were placed there. */
  public long crossUnitPeerIn(int unit) {
    return peerTotal - peerByUnit[unit];
  }

  /** Inbound demand on unit {@code unit}'s uplink if the pod is placed there. */
  public long ingressIn(int unit) {
    return ingress + crossUnitPeerIn(unit);
  }

  /** Outbound demand on unit {@code unit}'s uplink if the pod is placed there. */
  public long egressIn(int unit) {
    return egress + crossUnitPeerIn(unit);
  }

  /** Peer traffic the pod itself declares with pods on node {@code node} (a binary search). */
  public long peerOnNode(int node) {
    int i = Arrays.binarySearch(peerNodes, node);
    return i < 0 ? 0 : peerNodeBits[i];
  }

  /**
   * {@link #peerOnNode} of each of {@code nodes[from .. to-1]} into {@code out[from .. to-1]}: a
   * merge walk while the nodes ascend (as an engine passes them), a binary search where they do not.
   */
  public void peerOnNodes(int[] nodes, int from, int to, long[] out) {
    int[] peers = peerNodes;
    if (peers.length == 0) {
      Arrays.fill(out, from, to, 0L);
      return;
    }
    int cursor = 0;
    int previous = Integer.MIN_VALUE;
    for (int k = from; k < to; k++) {
      int node = nodes[k];
      if (node < previous) {
        int i = Arrays.binarySearch(peers, node);
        cursor = i < 0 ? -i - 1 : i;
      }
      previous = node;
      while (cursor < peers.length && peers[cursor] < node) {
        cursor++;
      }
      out[k] = cursor < peers.length && peers[cursor] == node ? peerNodeBits[cursor] : 0;
    }
  }

  /** What placing the pod in unit {@code unit} charges to each uplink, by unit name. */
  public List<BandwidthReservations.Charge> charges(ClusterSnapshot snapshot, int unit) {
    List<BandwidthReservations.Charge> charges = new ArrayList<>();
    charges.add(new BandwidthReservations.Charge(snapshot.unit(unit).name(), ingressIn(unit), egressIn(unit)));
    for (int v = 0; v < peerByUnit.length; v++) {
      if (v != unit && peerByUnit[v] > 0) {
        charges.add(new BandwidthReservations.Charge(snapshot.unit(v).name(), peerByUnit[v], peerByUnit[v]));
      }
    }
    return charges;
  }
}
