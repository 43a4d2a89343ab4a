package io.edgeplace.api;

import java.util.Objects;

/**
 * The controller that owns a pod ({@code ReplicaSet}, {@code StatefulSet}, {@code DaemonSet} …);
 * replicas of one workload share it, which is how unit spread finds them.
 */
public record OwnerRef(String kind, String name, String uid) {
  public OwnerRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(uid, "uid");
  }
}
