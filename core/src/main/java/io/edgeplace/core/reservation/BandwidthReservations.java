package io.edgeplace.core.reservation;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The uplink bandwidth of pods this process decided but has not yet seen bound.
 *
 * <p>kube-scheduler never tells a filter/prioritize extender which node it chose, and even a
 * binding this process made takes a moment to come back through the informers. Until then the
 * snapshot does not show the pod, and a second pod could be admitted into the same bandwidth.
 * A reservation holds the pod's {@link Charge charges} per unit until it is
 * {@link #release released}, until the pod appears in the snapshot the book is read against
 * (then the snapshot counts it, and the reservation is ignored), or until it expires: a pod that
 * went elsewhere must not hold bandwidth forever.
 *
 * <p>Time comes from the {@link InstantSource} given to {@link #create}. Thread-safe: every
 * method locks the book briefly; {@link #totals} costs O(reservations + units).
 */
public final class BandwidthReservations {

  /**
   * Thirty seconds: a binding normally shows in the informers within a second or two, so this
   * is generous for a slow API server while a reservation for a pod kube-scheduler sent
   * elsewhere lapses quickly.
   */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

  /** Bits/s that a reservation charges to one unit's uplink, inbound and outbound. */
  public record Charge(String unit, long ingressBitsPerSecond, long egressBitsPerSecond) {
    public Charge {
      Objects.requireNonNull(unit, "unit");
      if (ingressBitsPerSecond < 0 || egressBitsPerSecond < 0) {
        throw new IllegalArgumentException("reservation charge on unit \"" + unit + "\" is negative: ingress="
            + ingressBitsPerSecond + " egress=" + egressBitsPerSecond);
      }
    }
  }

  private record Entry(String namespace, String name, List<Charge> charges, long expiresAtMillis) {
  }

  private final InstantSource clock;
  private final long ttlMillis;
  private final Map<String, Entry> entries = new HashMap<>();

  private BandwidthReservations(InstantSource clock, long ttlMillis) {
    this.clock = clock;
    this.ttlMillis = ttlMillis;
  }

  /** A book whose reservations expire {@link #DEFAULT_TTL} after they are made. */
  public static BandwidthReservations create(InstantSource clock) {
    return create(clock, DEFAULT_TTL);
  }

  /**
   * A book whose reservations expire {@code ttl} after they are made.
   *
   * @throws IllegalArgumentException when {@code ttl} is not positive
   */
  public static BandwidthReservations create(InstantSource clock, Duration ttl) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("reservation ttl is " + ttl + "; it must be positive. Maybe "
          + DEFAULT_TTL + "?");
    }
    return new BandwidthReservations(clock, ttl.toMillis());
  }

  /** Reserves (or re-reserves, replacing) the charges of pod {@code namespace/name}. */
  public void reserve(String namespace, String name, List<Charge> charges) {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Entry e = new Entry(namespace, name, List.copyOf(charges), clock.millis() + ttlMillis);
    synchronized (entries) {
      entries.put(namespace + "/" + name, e);
    }
  }

  /**
   * Reserves what {@code workload} puts on the uplinks when placed on node {@code nodeName} of
   * {@code snapshot} (see {@link UplinkDemand}).
   *
   * @throws IllegalArgumentException when the snapshot has no such node
   */
  public void reserve(ClusterSnapshot snapshot, Workload workload, String nodeName) {
    int node = snapshot.nodeIndex(nodeName);
    if (node < 0) {
      throw new IllegalArgumentException("cannot reserve bandwidth for " + workload.key() + " on node \"" + nodeName
          + "\": the snapshot has no such node. Maybe it was removed since the pod was placed?");
    }
    reserve(workload.namespace(), workload.name(),
        UplinkDemand.of(snapshot, workload).charges(snapshot, snapshot.unitOf(node)));
  }

  /** Drops the reservation of pod {@code namespace/name}; whether there was one. */
  public boolean release(String namespace, String name) {
    synchronized (entries) {
      return entries.remove(namespace + "/" + name) != null;
    }
  }

  /** The number of reservations that have not expired. */
  public int size() {
    synchronized (entries) {
      purge(clock.millis());
      return entries.size();
    }
  }

  /**
   * The reserved bits/s per unit of {@code snapshot} (by unit index), from the reservations that
   * have not expired and whose pod the snapshot does not list yet. Charges on units the snapshot
   * does not have are ignored.
   */
  public Totals totals(ClusterSnapshot snapshot) {
    long now = clock.millis();
    long[] in = null;
    long[] out = null;
    synchronized (entries) {
      purge(now);
      for (Entry e : entries.values()) {
        if (snapshot.pod(e.namespace(), e.name()).isPresent()) {
          continue;
        }
        for (Charge c : e.charges()) {
          int u = snapshot.unitIndex(c.unit());
          if (u < 0) {
            continue;
          }
          if (in == null) {
            in = new long[snapshot.unitCount()];
            out = new long[snapshot.unitCount()];
          }
          in[u] += c.ingressBitsPerSecond();
          out[u] += c.egressBitsPerSecond();
        }
      }
    }
    return in == null ? Totals.NONE : new Totals(in, out);
  }

  private void purge(long now) {
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      if (it.next().expiresAtMillis() <= now) {
        it.remove();
      }
    }
  }

  /** Reserved bits/s per unit index of one snapshot. Immutable. */
  public static final class Totals {
    /** Nothing reserved. */
    public static final Totals NONE = new Totals(null, null);

    private final long @org.jspecify.annotations.Nullable [] ingress;
    private final long @org.jspecify.annotations.Nullable [] egress;

    private Totals(long @org.jspecify.annotations.Nullable [] ingress,
                   long @org.jspecify.annotations.Nullable [] egress) {
      this.ingress = ingress;
      this.egress = egress;
    }

    public long ingress(int unit) {
      return ingress == null ? 0 : ingress[unit];
    }

    public long egress(int unit) {
      return egress == null ? 0 : egress[unit];
    }
  }
}
