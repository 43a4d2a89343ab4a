package io.edgeplace.core.demo;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.core.kube.SnapshotFiles;
import io.edgeplace.core.kube.SnapshotFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bundled demo edge cluster ({@value #RESOURCE}): 25 nodes in seven units (a factory on an
 * OpenYurt NodePool, two shops, a toll station, a wind farm, a CDN site and the control plane)
 * of amd64, arm64, arm/v7 and arm/v6 nodes, uplinks from 10 Mbit/s to 1 Gbit/s, kata and gvisor
 * sandboxes, images with sizes, and pods already placed.
 *
 * <p>The file describes the cluster at {@link #TIME}. Unit {@value #DISCONNECTED_UNIT} is
 * disconnected there: its nodes are {@code Ready=Unknown} with heartbeats 12 minutes older than
 * {@code TIME}, while every other heartbeat is at most 40 seconds old.
 */
public final class DemoCluster {
  private DemoCluster() {
  }

  /** The class-path resource holding the demo cluster, in kubectl List YAML. */
  public static final String RESOURCE = "/io/edgeplace/core/demo/demo-cluster.yaml";

  /** The instant the demo file describes: the newest heartbeat is a few seconds older. */
  public static final Instant TIME = Instant.parse("2026-01-15T12:00:00Z");

  /** The unit whose uplink is down in the demo. */
  public static final String DISCONNECTED_UNIT = "toll-a9-north";

  /** The YAML text of the demo cluster, as shipped (useful to write it out as a sample file). */
  public static byte[] yaml() {
    try (InputStream in = DemoCluster.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the demo cluster resource " + RESOURCE
            + " is missing from the class path; Maybe the edgeplace-core jar is incomplete?");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo cluster resource " + RESOURCE, e);
    }
  }

  /** The demo cluster at {@link #TIME}. */
  public static ClusterSnapshot load() {
    try {
      return SnapshotFiles.create().read("demo-cluster.yaml", yaml(), TIME);
    } catch (SnapshotFileException e) {
      throw new IllegalStateException("the bundled demo cluster is broken: " + e.getMessage(), e);
    }
  }

  /**
   * The demo cluster at {@code now}, with every heartbeat moved by {@code now - TIME}: the same
   * picture (fresh units, one disconnected) for a caller that measures ages on a live clock.
   */
  public static ClusterSnapshot loadShiftedTo(Instant now) {
    Objects.requireNonNull(now, "now");
    ClusterSnapshot s = load();
    Duration shift = Duration.between(TIME, now);
    List<Node> moved = new ArrayList<>(s.nodeCount());
    for (Node n : s.nodes()) {
      moved.add(n.lastHeartbeat() == null ? n : n.toBuilder().lastHeartbeat(n.lastHeartbeat().plus(shift)).build());
    }
    return s.toBuilder().time(now).nodes(moved).build();
  }
}
