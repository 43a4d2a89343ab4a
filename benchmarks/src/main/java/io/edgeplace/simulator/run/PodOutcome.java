package io.edgeplace.simulator.run;

import org.jspecify.annotations.Nullable;

/**
 * What happened to one arriving pod under one policy.
 *
 * @param pod              {@code namespace/name}
 * @param app              its app (the {@code app} label)
 * @param step             its arrival step
 * @param node             the chosen node, or null when it stayed pending
 * @param unit             the chosen node's unit, or null
 * @param latencyNanos     how long the policy took to decide
 * @param archMismatch     an image of the pod lacks the node's platform: it fails with an exec
 *                         format error (or a manifest without a matching platform)
 * @param runtimeMissing   the pod's RuntimeClass handler is not offered by the node
 * @param intoDisconnected the unit's uplink was down when the pod was placed: it cannot start
 * @param pullSeconds      estimated seconds to pull the images missing on the node over its
 *                         unit's uplink
 */
public record PodOutcome(String pod, String app, int step, @Nullable String node, @Nullable String unit,
                         long latencyNanos, boolean archMismatch, boolean runtimeMissing, boolean intoDisconnected,
                         double pullSeconds) {

  public boolean placed() {
    return node != null;
  }
}
