package io.edgeplace.core.store;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.LabelSelector;
import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Node;
import io.edgeplace.api.OwnerRef;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import io.edgeplace.api.TaintEffect;
import io.edgeplace.api.TrafficPeer;
import io.edgeplace.api.Unit;
import io.edgeplace.api.store.Codec;
import io.edgeplace.api.store.MalformedDataException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compact binary form of a {@link ClusterSnapshot}, version 1: a table of every distinct
 * string, a table of every distinct string map (labels, annotations, selectors: the replicas of
 * a workload share one), then the time, platforms, units, nodes, runtime classes and pods,
 * referring to the tables by index with variable-length integers. Decoding shares each string and
 * map among all the records that use it, which keeps a restored snapshot small.
 *
 * <p>Decoding is hostile-input safe: every count, length and index is checked against what
 * remains before anything is allocated, and any inconsistency (an unknown enum ordinal, a negative
 * resource, a duplicate map key) is a {@link MalformedDataException} naming the field. Stateless
 * and thread-safe.
 */
public final class SnapshotCodec implements Codec<ClusterSnapshot> {

  /** The format version {@link #encode} writes. */
  public static final int VERSION = 1;

  private static final SnapshotCodec INSTANCE = new SnapshotCodec();
  private static final TaintEffect[] EFFECTS = TaintEffect.values();
  private static final NetworkMode[] MODES = NetworkMode.values();

  private SnapshotCodec() {
  }

  public static SnapshotCodec instance() {
    return INSTANCE;
  }

  @Override
  public int version() {
    return VERSION;
  }

  // ---- encode ----

  /* Assigns table indexes on first sight while the body is written. */
  private static final class Tables {
    final HashMap<String, Integer> strings = new HashMap<>();
    final List<String> stringList = new ArrayList<>();
    final HashMap<Map<String, String>, Integer> maps = new HashMap<>();
    final List<Map<String, String>> mapList = new ArrayList<>();

    int string(String s) {
      Integer i = strings.get(s);
      if (i == null) {
        i = stringList.size();
        strings.put(s, i);
        stringList.add(s);
      }
      return i;
    }

    int map(Map<String, String> m) {
      Integer i = maps.get(m);
      if (i == null) {
        i = mapList.size();
        maps.put(m, i);
        mapList.add(m);
        m.forEach((k, v) -> {
          string(k);
          string(v);
        });
      }
      return i;
    }
  }

  @Override
  public byte[] encode(ClusterSnapshot s) {
    Tables t = new Tables();
    BinaryWriter body = new BinaryWriter(1024 + s.nodeCount() * 128 + s.podCount() * 48);
    body.writeSignedVarLong(s.time().getEpochSecond()).writeVarInt(s.time().getNano());

    HashMap<Platform, Integer> platformIdx = new HashMap<>();
    List<Platform> platforms = new ArrayList<>();
    for (Node n : s.nodes()) {
      platformIdx.computeIfAbsent(n.platform(), p -> {
        platforms.add(p);
        return platforms.size() - 1;
      });
    }
    body.writeVarInt(platforms.size());
    for (Platform p : platforms) {
      body.writeVarInt(t.string(p.os())).writeVarInt(t.string(p.architecture())).writeVarInt(t.string(p.variant()));
    }

    body.writeVarInt(s.unitCount());
    for (Unit u : s.units()) {
      body.writeVarInt(t.string(u.name())).writeVarInt(t.string(u.region()))
          .writeVarLong(u.hasUplinkLimit() ? u.uplinkBitsPerSecond() : 0)
          .writeVarLong(u.uplinkLatency().toNanos()).writeByte(u.networkMode().ordinal());
    }

    body.writeVarInt(s.nodeCount());
    for (Node n : s.nodes()) {
      body.writeVarInt(t.string(n.name())).writeVarInt(t.string(n.unit())).writeVarInt(t.string(n.region()))
          .writeVarInt(platformIdx.get(n.platform()));
      resources(body, n.allocatable());
      resources(body, n.requested());
      body.writeVarInt(n.runtimeHandlers().size());
      for (String h : n.runtimeHandlers()) {
        body.writeVarInt(t.string(h));
      }
      body.writeVarInt(n.images().size());
      for (Map.Entry<String, Long> img : n.images().entrySet()) {
        body.writeVarInt(t.string(img.getKey())).writeVarLong(img.getValue());
      }
      body.writeBoolean(n.ready());
      Instant hb = n.lastHeartbeat();
      body.writeBoolean(hb != null);
      if (hb != null) {
        body.writeSignedVarLong(hb.getEpochSecond()).writeVarInt(hb.getNano());
      }
      body.writeVarInt(t.map(n.labels())).writeVarInt(t.map(n.annotations()));
      body.writeVarInt(n.taints().size());
      for (Taint taint : n.taints()) {
        body.writeVarInt(t.string(taint.key())).writeVarInt(t.string(taint.value()))
            .writeByte(taint.effect().ordinal());
      }
      body.writeBoolean(n.unschedulable());
    }

    Map<String, String> rc = s.runtimeClassHandlers();
    body.writeVarInt(rc.size());
    rc.forEach((name, handler) -> body.writeVarInt(t.string(name)).writeVarInt(t.string(handler)));

    List<PlacedPod> pods = s.pods();
    body.writeVarInt(pods.size());
    for (PlacedPod p : pods) {
      body.writeVarInt(t.string(p.namespace())).writeVarInt(t.string(p.name())).writeVarInt(t.string(p.nodeName()))
          .writeVarInt(t.map(p.labels()));
      OwnerRef o = p.owner();
      body.writeBoolean(o != null);
      if (o != null) {
        body.writeVarInt(t.string(o.kind())).writeVarInt(t.string(o.name())).writeVarInt(t.string(o.uid()));
      }
      resources(body, p.requests());
      body.writeVarLong(p.ingressBitsPerSecond()).writeVarLong(p.egressBitsPerSecond());
      body.writeVarInt(p.trafficPeers().size());
      for (TrafficPeer peer : p.trafficPeers()) {
        body.writeVarInt(t.map(peer.selector().matchLabels())).writeVarLong(peer.bitsPerSecond());
      }
    }

    BinaryWriter out = new BinaryWriter(body.size() + t.stringList.size() * 16 + t.mapList.size() * 16 + 16);
    out.writeVarInt(t.stringList.size());
    for (String str : t.stringList) {
      out.writeString(str);
    }
    out.writeVarInt(t.mapList.size());
    for (Map<String, String> m : t.mapList) {
      out.writeVarInt(m.size());
      m.forEach((k, v) -> out.writeVarInt(t.strings.get(k)).writeVarInt(t.strings.get(v)));
    }
    out.writeRaw(body);
    return out.toByteArray();
  }

  private static void resources(BinaryWriter w, Resources r) {
    w.writeVarLong(r.milliCpu()).writeVarLong(r.memoryBytes()).writeVarLong(r.ephemeralStorageBytes())
        .writeVarLong(r.pods());
  }

  // ---- decode ----

  @Override
  public ClusterSnapshot decode(byte[] bytes, int version) throws IOException {
    if (version != VERSION) {
      throw new MalformedDataException("cluster snapshot: format version " + version + " is not one this build reads ("
          + VERSION + ")");
    }
    BinaryReader r = new BinaryReader(bytes, "cluster snapshot");
    try {
      return decode(r);
    } catch (MalformedDataException ex) {
      throw ex;
    } catch (RuntimeException ex) {
      throw new MalformedDataException("cluster snapshot: invalid content near byte offset " + r.position() + ": "
          + ex.getMessage(), ex);
    }
  }

  private ClusterSnapshot decode(BinaryReader r) throws IOException {
    String[] strings = new String[r.readCount("string count", 1)];
    for (int i = 0; i < strings.length; i++) {
      r.record("string", i);
      strings[i] = r.readString("string length");
    }
    @SuppressWarnings("unchecked")
    Map<String, String>[] maps = new Map[r.readCount("map count", 1)];
    for (int i = 0; i < maps.length; i++) {
      r.record("map", i);
      int n = r.readCount("map size", 2);
      @SuppressWarnings("unchecked")
      Map.Entry<String, String>[] entries = new Map.Entry[n];
      for (int k = 0; k < n; k++) {
        entries[k] = Map.entry(str(r, strings, "map key"), str(r, strings, "map value"));
      }
      try {
        maps[i] = Map.ofEntries(entries);
      } catch (IllegalArgumentException dup) {
        throw r.malformed("map", "has a duplicate key: " + dup.getMessage());
      }
    }

    ClusterSnapshot.Builder b = ClusterSnapshot.builder();
    b.time(instant(r, "time"));

    Platform[] platforms = new Platform[r.readCount("platform count", 3)];
    for (int i = 0; i < platforms.length; i++) {
      platforms[i] = new Platform(str(r, strings, "platform os"), str(r, strings, "platform architecture"),
          str(r, strings, "platform variant"));
    }

    int unitCount = r.readCount("unit count", 5);
    List<Unit> units = new ArrayList<>(unitCount);
    for (int i = 0; i < unitCount; i++) {
      r.record("unit", i);
      String name = str(r, strings, "unit name");
      String region = str(r, strings, "unit region");
      long uplink = r.readNonNegativeVarLong("unit uplink");
      long latency = r.readNonNegativeVarLong("unit latency");
      int mode = r.readIndex("unit network mode", MODES.length);
      units.add(new Unit(name, region, uplink == 0 ? Unit.UNLIMITED : uplink, Duration.ofNanos(latency),
          MODES[mode]));
    }
    b.units(units);

    int nodeCount = r.readCount("node count", 20);
    HashMap<Long, Long> sizes = new HashMap<>(); // the same image has the same size on every node
    for (int i = 0; i < nodeCount; i++) {
      r.record("node", i);
      String name = str(r, strings, "node name");
      Node.Builder nb = Node.builder(name, str(r, strings, "node unit"))
          .region(str(r, strings, "node region"))
          .platform(platforms[r.readIndex("node platform", platforms.length)])
          .allocatable(resources(r, "node allocatable cpu"))
          .requested(resources(r, "node requested cpu"));
      String[] handlers = new String[r.readCount("node runtime handler count", 1)];
      for (int k = 0; k < handlers.length; k++) {
        handlers[k] = str(r, strings, "node runtime handler");
      }
      nb.runtimeHandlers(Set.of(handlers));
      int imageCount = r.readCount("node image count", 2);
      @SuppressWarnings("unchecked")
      Map.Entry<String, Long>[] images = new Map.Entry[imageCount];
      for (int k = 0; k < imageCount; k++) {
        String image = str(r, strings, "node image");
        Long size = r.readNonNegativeVarLong("node image size");
        Long shared = sizes.putIfAbsent(size, size);
        images[k] = Map.entry(image, shared == null ? size : shared);
      }
      nb.images(Map.ofEntries(images));
      nb.ready(r.readBoolean("node ready"));
      if (r.readBoolean("node has heartbeat")) {
        nb.lastHeartbeat(instant(r, "node heartbeat"));
      }
      nb.labels(maps[r.readIndex("node labels", maps.length)]);
      nb.annotations(maps[r.readIndex("node annotations", maps.length)]);
      Taint[] taints = new Taint[r.readCount("node taint count", 3)];
      for (int k = 0; k < taints.length; k++) {
        taints[k] = new Taint(str(r, strings, "taint key"), str(r, strings, "taint value"),
            EFFECTS[r.readIndex("node taint effect", EFFECTS.length)]);
      }
      nb.taints(List.of(taints));
      nb.unschedulable(r.readBoolean("node unschedulable"));
      b.node(nb.build());
    }

    int rcCount = r.readCount("runtime class count", 2);
    for (int i = 0; i < rcCount; i++) {
      r.record("runtime class", i);
      b.runtimeClass(str(r, strings, "runtime class name"), str(r, strings, "runtime class handler"));
    }

    int podCount = r.readCount("pod count", 12);
    List<PlacedPod> pods = new ArrayList<>(podCount);
    for (int i = 0; i < podCount; i++) {
      r.record("pod", i);
      String ns = str(r, strings, "pod namespace");
      String name = str(r, strings, "pod name");
      String node = str(r, strings, "pod node");
      Map<String, String> labels = maps[r.readIndex("pod labels", maps.length)];
      OwnerRef owner = null;
      if (r.readBoolean("pod has owner")) {
        owner = new OwnerRef(str(r, strings, "owner kind"), str(r, strings, "owner name"),
            str(r, strings, "owner uid"));
      }
      Resources requests = resources(r, "pod requests cpu");
      long ingress = r.readNonNegativeVarLong("pod ingress");
      long egress = r.readNonNegativeVarLong("pod egress");
      TrafficPeer[] peers = new TrafficPeer[r.readCount("pod traffic peer count", 2)];
      for (int k = 0; k < peers.length; k++) {
        peers[k] = new TrafficPeer(new LabelSelector(maps[r.readIndex("traffic peer selector", maps.length)]),
            r.readNonNegativeVarLong("traffic peer bandwidth"));
      }
      pods.add(new PlacedPod(ns, name, node, labels, owner, requests, ingress, egress, List.of(peers)));
    }
    b.pods(pods);
    r.expectEnd();
    return b.build();
  }

  private static String str(BinaryReader r, String[] strings, String field) throws MalformedDataException {
    return strings[r.readIndex(field, strings.length)];
  }

  /* `field` names the resources in errors by the first of its four numbers ("node allocatable cpu"). */
  private static Resources resources(BinaryReader r, String field) throws MalformedDataException {
    return new Resources(r.readNonNegativeVarLong(field), r.readNonNegativeVarLong("memory"),
        r.readNonNegativeVarLong("ephemeral storage"), r.readNonNegativeVarLong("pods"));
  }

  private static Instant instant(BinaryReader r, String field) throws MalformedDataException {
    long seconds = r.readSignedVarLong(field);
    int nanos = r.readVarInt(field);
    if (nanos < 0 || nanos > 999_999_999 || seconds < Instant.MIN.getEpochSecond()
        || seconds > Instant.MAX.getEpochSecond()) {
      throw r.malformed(field, "is " + seconds + "s " + nanos + "ns, not a valid instant");
    }
    return Instant.ofEpochSecond(seconds, nanos);
  }

  @Override
  public String toString() {
    return "SnapshotCodec v" + VERSION;
  }
}
