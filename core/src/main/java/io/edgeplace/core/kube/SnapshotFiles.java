package io.edgeplace.core.kube;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads cluster snapshot files: the output of {@code kubectl get nodes,pods -o json} or
 * {@code -o yaml}, or any hand-written file of the same shape.
 *
 * <p>Accepted shapes, in JSON or YAML (JSON when the first character is {@code {} or
 * {@code [}): a {@code List} (or {@code NodeList}, {@code PodList}, any {@code *List} with
 * {@code items}, nested ones too), a single object, a JSON array of objects, or several YAML
 * documents separated by {@code ---}. Items of kind {@code Node}, {@code Pod},
 * {@code RuntimeClass} and OpenYurt {@code NodePool} are read; other kinds are skipped.
 * Objects are read with fabric8's own {@link KubernetesSerialization}; YAML goes through a
 * bounded reader first (nesting depth {@value #MAX_DEPTH}, at most {@value #MAX_ALIASES} aliases,
 * no duplicate keys).
 *
 * <p>Every problem is a {@link SnapshotFileException} naming the file, the object (item path, kind,
 * namespace/name), the field path and the value. A node or pod named twice is an error.
 * Instances are immutable and thread-safe.
 */
public final class SnapshotFiles {

  /** The default size limit of a snapshot file: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  /** The deepest nesting of mappings and sequences accepted. */
  public static final int MAX_DEPTH = 64;
  /** The most YAML aliases to collections accepted in one file. */
  public static final int MAX_ALIASES = 100;

  private static final int MAX_LIST_NESTING = 4;

  private static final class Holder {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  }

  private final KubeAdapter adapter;
  private final InstantSource clock;
  private final long maxBytes;

  private SnapshotFiles(Builder b) {
    this.adapter = KubeAdapter.create(b.config);
    this.clock = b.clock;
    this.maxBytes = b.maxBytes;
  }

  /** Default adapter configuration, the system clock, {@link #DEFAULT_MAX_BYTES}. */
  public static SnapshotFiles create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The snapshot in {@code file}, at the clock's current time. */
  public ClusterSnapshot load(Path file) throws SnapshotFileException {
    return load(file, clock.instant());
  }

  /** The snapshot in {@code file}, at {@code time} (heartbeat ages are measured against it). */
  public ClusterSnapshot load(Path file, Instant time) throws SnapshotFileException {
    return read(file.toString(), bytes(file), time);
  }

  /** The snapshot in {@code content}; {@code name} names it in errors. */
  public ClusterSnapshot read(String name, byte[] content, Instant time) throws SnapshotFileException {
    Objects.requireNonNull(time, "time");
    return toSnapshot(parse(name, content), time);
  }

  /** The Kubernetes objects in {@code file}, without converting them. */
  public KubeObjects readObjects(Path file) throws SnapshotFileException {
    return readObjects(file.toString(), bytes(file));
  }

  /** The Kubernetes objects in {@code content}, without converting them. */
  public KubeObjects readObjects(String name, byte[] content) throws SnapshotFileException {
    Parsed p = parse(name, content);
    List<io.fabric8.kubernetes.api.model.Node> nodes = new ArrayList<>();
    p.nodes.forEach(i -> nodes.add(i.object));
    List<Pod> pods = new ArrayList<>();
    p.pods.forEach(i -> pods.add(i.object));
    List<RuntimeClass> rcs = new ArrayList<>();
    p.runtimeClasses.forEach(i -> rcs.add(i.object));
    List<GenericKubernetesResource> pools = new ArrayList<>();
    p.nodePools.forEach(i -> pools.add(i.object));
    return new KubeObjects(nodes, pods, rcs, pools);
  }

  /**
   * The newest node heartbeat in {@code snapshot}, if any: a natural "now" for a snapshot file
   * served without a live clock, so that its freshest nodes look fresh and stale ones stale.
   */
  public static java.util.Optional<Instant> newestHeartbeat(ClusterSnapshot snapshot) {
    Instant newest = null;
    for (int i = 0; i < snapshot.nodeCount(); i++) {
      Instant hb = snapshot.node(i).lastHeartbeat();
      if (hb != null && (newest == null || hb.isAfter(newest))) {
        newest = hb;
      }
    }
    return java.util.Optional.ofNullable(newest);
  }

  private byte[] bytes(Path file) throws SnapshotFileException {
    String name = file.toString();
    try {
      long size = Files.size(file);
      if (size > maxBytes) {
        throw new SnapshotFileException(name, "", "", "", "is " + size + " bytes, more than the limit of " + maxBytes
            + "; Maybe raise it with SnapshotFiles.builder().maxBytes(…)?");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        if (content.length > maxBytes) {
          throw new SnapshotFileException(name, "", "", "", "grew beyond the limit of " + maxBytes + " bytes while read");
        }
        return content;
      }
    } catch (NoSuchFileException e) {
      throw new SnapshotFileException(name, "", "", "", "does not exist; Maybe write one with "
          + "kubectl get nodes,pods -A -o yaml > " + name + "?", e);
    } catch (IOException e) {
      throw new SnapshotFileException(name, "", "", "", "cannot be read: " + e, e);
    }
  }

  // ---- parsing ----

  private record Item<T>(String where, T object) {
  }

  private static final class Parsed {
    final String file;
    final List<Item<io.fabric8.kubernetes.api.model.Node>> nodes = new ArrayList<>();
    final List<Item<Pod>> pods = new ArrayList<>();
    final List<Item<RuntimeClass>> runtimeClasses = new ArrayList<>();
    final List<Item<GenericKubernetesResource>> nodePools = new ArrayList<>();
    /* the newest renewTime of each node's Lease in kube-node-lease */
    final Map<String, Instant> leaseRenewals = new HashMap<>();
    final Map<String, String> seen = new HashMap<>();

    Parsed(String file) {
      this.file = file;
    }
  }

  private Parsed parse(String name, byte[] content) throws SnapshotFileException {
    if (content.length > maxBytes) {
      throw new SnapshotFileException(name, "", "", "", "is " + content.length + " bytes, more than the limit of "
          + maxBytes + "; Maybe raise it with SnapshotFiles.builder().maxBytes(…)?");
    }
    int start = 0;
    if (content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
        && (content[2] & 0xff) == 0xbf) {
      start = 3;
    }
    while (start < content.length && (content[start] == ' ' || content[start] == '\t' || content[start] == '\n'
        || content[start] == '\r')) {
      start++;
    }
    if (start == content.length) {
      throw new SnapshotFileException(name, "", "", "", "is empty; expected the output of "
          + "kubectl get nodes,pods -A -o yaml (or -o json)");
    }
    List<@Nullable Object> docs;
    if (content[start] == '{' || content[start] == '[') {
      docs = new ArrayList<>(1);
      docs.add(json(name, content, start));
    } else {
      try {
        docs = YamlTree.documents(content, MAX_DEPTH, MAX_ALIASES);
      } catch (YamlTree.YamlException e) {
        throw new SnapshotFileException(name, "", "", "", (e.line > 0 ? "line " + e.line + ": " : "")
            + e.getMessage(), e);
      }
    }
    Parsed p = new Parsed(name);
    for (int d = 0; d < docs.size(); d++) {
      collect(p, docs.get(d), docs.size() == 1 ? "" : "document " + (d + 1), 0);
    }
    return p;
  }

  private static @Nullable Object json(String name, byte[] content, int start) throws SnapshotFileException {
    Object tree;
    try {
      tree = Holder.SERIALIZATION.unmarshal(new ByteArrayInputStream(content, start, content.length - start),
          Object.class);
    } catch (KubernetesClientException | JacksonException e) {
      JacksonException je = jackson(e);
      String where = "";
      String msg = String.valueOf(e.getMessage());
      if (je != null) {
        msg = String.valueOf(je.getOriginalMessage());
        TokenStreamLocation loc = je.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
          where = "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
        }
      }
      throw new SnapshotFileException(name, "", "", "", where + "is not valid JSON: " + firstLine(msg), e);
    }
    int depth = depth(tree, 0);
    if (depth > MAX_DEPTH) {
      throw new SnapshotFileException(name, "", "", "", "nests deeper than " + MAX_DEPTH + " levels");
    }
    return tree;
  }

  /* Depth of the tree, counting stops once past the limit. */
  private static int depth(@Nullable Object o, int level) {
    if (level > MAX_DEPTH) {
      return level;
    }
    int max = level;
    if (o instanceof Map<?, ?> m) {
      for (Object v : m.values()) {
        max = Math.max(max, depth(v, level + 1));
      }
    } else if (o instanceof List<?> l) {
      for (Object v : l) {
        max = Math.max(max, depth(v, level + 1));
      }
    }
    return max;
  }

  private void collect(Parsed p, @Nullable Object doc, String path, int nesting) throws SnapshotFileException {
    if (doc == null) {
      return; // an empty YAML document
    }
    if (nesting > MAX_LIST_NESTING) {
      throw new SnapshotFileException(p.file, path, "", "", "nests lists deeper than " + MAX_LIST_NESTING + " levels");
    }
    if (doc instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        collect(p, list.get(i), path + "[" + i + "]", nesting + 1);
      }
      return;
    }
    if (!(doc instanceof Map<?, ?> map)) {
      throw new SnapshotFileException(p.file, path, "", String.valueOf(doc), "is not a Kubernetes object; expected "
          + "a mapping with apiVersion, kind and metadata, or a List of them");
    }
    Object kind = map.get("kind");
    if (map.containsKey("items") && (kind == null || (kind instanceof String k && k.endsWith("List")))) {
      Object items = map.get("items");
      String itemsPath = path.isEmpty() ? "items" : path + ".items";
      if (items == null) {
        return;
      }
      if (!(items instanceof List<?> list)) {
        throw new SnapshotFileException(p.file, path.isEmpty() ? (kind == null ? "List" : kind.toString()) : path,
            "items", String.valueOf(items), "is not a list of objects");
      }
      for (int i = 0; i < list.size(); i++) {
        collect(p, typed(list.get(i), kind, map.get("apiVersion")), itemsPath + "[" + i + "]", nesting + 1);
      }
      return;
    }
    object(p, map, path);
  }

  /*
   * The API server leaves kind and apiVersion out of the items of a typed list (kubectl get --raw
   * /api/v1/nodes): an item of a NodeList without a kind is a Node, with the list's apiVersion.
   */
  private static @Nullable Object typed(@Nullable Object item, @Nullable Object listKind, @Nullable Object apiVersion) {
    if (!(item instanceof Map<?, ?> m) || m.containsKey("kind") || !(listKind instanceof String k)
        || !k.endsWith("List") || k.length() == "List".length()) {
      return item;
    }
    Map<Object, Object> withKind = new LinkedHashMap<>(m);
    withKind.put("kind", k.substring(0, k.length() - "List".length()));
    if (!m.containsKey("apiVersion") && apiVersion instanceof String) {
      withKind.put("apiVersion", apiVersion);
    }
    return withKind;
  }

  private void object(Parsed p, Map<?, ?> map, String path) throws SnapshotFileException {
    Object kind = map.get("kind");
    if (!(kind instanceof String k) || k.isEmpty()) {
      throw new SnapshotFileException(p.file, path.isEmpty() ? "the object" : path, "kind",
          kind == null ? "" : kind.toString(), "is missing or not a string; every object needs a kind, such as Node or Pod");
    }
    Object metadata = map.get("metadata");
    if (metadata != null && !(metadata instanceof Map)) {
      throw new SnapshotFileException(p.file, where(path, k, map), "metadata", String.valueOf(metadata),
          "is not a mapping");
    }
    if (metadata instanceof Map<?, ?> md) {
      md.remove("managedFields"); // never read, and often the bulk of an object
    }
    String where = where(path, k, map);
    switch (k) {
      case "Node" -> {
        io.fabric8.kubernetes.api.model.Node n = convert(p, map, io.fabric8.kubernetes.api.model.Node.class, where);
        unique(p, "Node " + Context.name(n.getMetadata()), where);
        p.nodes.add(new Item<>(where, n));
      }
      case "Pod" -> {
        Pod pod = convert(p, map, Pod.class, where);
        unique(p, "Pod " + PodConversion.objectName(pod.getMetadata()), where);
        p.pods.add(new Item<>(where, pod));
      }
      case "RuntimeClass" -> {
        RuntimeClass rc = convert(p, map, RuntimeClass.class, where);
        unique(p, "RuntimeClass " + Context.name(rc.getMetadata()), where);
        p.runtimeClasses.add(new Item<>(where, rc));
      }
      case "NodePool" -> {
        GenericKubernetesResource pool = convert(p, map, GenericKubernetesResource.class, where);
        unique(p, "NodePool " + Context.name(pool.getMetadata()), where);
        p.nodePools.add(new Item<>(where, pool));
      }
      case "Lease" -> {
        // kubectl get leases -n kube-node-lease: the nodes' heartbeats (other Leases are not read)
        Lease lease = convert(p, map, Lease.class, where);
        KubeAdapter.nodeLease(lease).ifPresent(l -> l.keepNewest(p.leaseRenewals));
      }
      default -> {
        // other kinds (Services, Deployments …) are not read
      }
    }
  }

  private static void unique(Parsed p, String key, String where) throws SnapshotFileException {
    String before = p.seen.putIfAbsent(key, where);
    if (before != null) {
      throw new SnapshotFileException(p.file, where, "", "", "is listed twice (first as " + before
          + "); Maybe the file joins two snapshots?");
    }
  }

  private static String where(String path, String kind, Map<?, ?> map) {
    String name = "";
    String ns = "";
    if (map.get("metadata") instanceof Map<?, ?> md) {
      name = md.get("name") instanceof String s ? s : "";
      ns = md.get("namespace") instanceof String s ? s : "";
    }
    String id = kind + " " + (ns.isEmpty() ? "" : ns + "/") + (name.isEmpty() ? "(unnamed)" : name);
    return path.isEmpty() ? id : path + " " + id;
  }

  private static <T> T convert(Parsed p, Map<?, ?> map, Class<T> type, String where) throws SnapshotFileException {
    try {
      T value = Holder.SERIALIZATION.convertValue(map, type);
      if (value == null) {
        throw new SnapshotFileException(p.file, where, "", "", "is empty");
      }
      return value;
    } catch (IllegalArgumentException | JacksonException e) {
      JacksonException je = jackson(e);
      if (je == null) {
        throw new SnapshotFileException(p.file, where, "", "", "cannot be read: " + firstLine(String.valueOf(e.getMessage())), e);
      }
      StringBuilder field = new StringBuilder();
      Object raw = map;
      for (JacksonException.Reference ref : je.getPath()) {
        String prop = ref.getPropertyName();
        if (prop != null) {
          if (raw instanceof Map<?, ?> m && !isBean(ref)) {
            field.append("[\"").append(prop).append("\"]");
          } else {
            field.append(field.length() == 0 ? "" : ".").append(prop);
          }
          raw = raw instanceof Map<?, ?> m ? m.get(prop) : null;
        } else if (ref.getIndex() >= 0) {
          field.append('[').append(ref.getIndex()).append(']');
          raw = raw instanceof List<?> l && ref.getIndex() < l.size() ? l.get(ref.getIndex()) : null;
        }
      }
      String problem = "cannot be read: " + firstLine(String.valueOf(je.getOriginalMessage()));
      throw new SnapshotFileException(p.file, where, field.toString(), raw == null ? "" : String.valueOf(raw),
          problem, e);
    }
  }

  /* A reference into a bean property (rather than a map key): its source is not a Map. */
  private static boolean isBean(JacksonException.Reference ref) {
    Object from = ref.from();
    return !(from instanceof Map);
  }

  private static @Nullable JacksonException jackson(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JacksonException je) {
        return je;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  // ---- conversion ----

  private ClusterSnapshot toSnapshot(Parsed p, Instant time) throws SnapshotFileException {
    List<Node> nodes = new ArrayList<>(p.nodes.size());
    for (Item<io.fabric8.kubernetes.api.model.Node> i : p.nodes) {
      try {
        Node n = adapter.node(i.object);
        nodes.add(KubeAdapter.withLeaseRenewal(n, p.leaseRenewals.get(n.name())));
      } catch (InvalidValueException e) {
        throw located(p.file, i.where, e);
      }
    }
    ClusterSnapshot.Builder b = ClusterSnapshot.builder().time(time).nodes(nodes);
    List<GenericKubernetesResource> pools = new ArrayList<>(p.nodePools.size());
    p.nodePools.forEach(i -> pools.add(i.object));
    try {
      b.units(adapter.units(nodes, pools));
    } catch (InvalidValueException e) {
      throw located(p.file, e.object(), e);
    }
    for (Item<Pod> i : p.pods) {
      try {
        adapter.placedPod(i.object).ifPresent(b::pod);
      } catch (InvalidValueException e) {
        throw located(p.file, i.where, e);
      }
    }
    for (Item<RuntimeClass> i : p.runtimeClasses) {
      try {
        KubeAdapter.RuntimeClassHandler h = adapter.runtimeClass(i.object);
        b.runtimeClass(h.name(), h.handler());
      } catch (InvalidValueException e) {
        throw located(p.file, i.where, e);
      }
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new SnapshotFileException(p.file, "", "", "", "does not make a consistent cluster: " + e.getMessage(), e);
    }
  }

  private static SnapshotFileException located(String file, String where, InvalidValueException e) {
    return new SnapshotFileException(file, where, e.field(), e.value(), e.problem(), e);
  }

  /** Builds {@link SnapshotFiles}; each setter validates at once. */
  public static final class Builder {
    private AdapterConfig config = AdapterConfig.DEFAULT;
    private InstantSource clock = InstantSource.system();
    private long maxBytes = DEFAULT_MAX_BYTES;

    private Builder() {
    }

    public Builder adapterConfig(AdapterConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** The clock of {@link #load(Path)}: the snapshot time when none is given. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The largest file accepted, in bytes (at most 2 GiB less a little). */
    public Builder maxBytes(long maxBytes) {
      if (maxBytes < 1 || maxBytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("maxBytes " + maxBytes + " is not between 1 and " + (Integer.MAX_VALUE - 16));
      }
      this.maxBytes = maxBytes;
      return this;
    }

    public SnapshotFiles build() {
      return new SnapshotFiles(this);
    }
  }
}
