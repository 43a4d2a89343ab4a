package io.edgeplace.simulator.scenario;

import java.time.Duration;
import java.time.Instant;

/**
 * The simulated clock: pod {@code k} arrives at {@code start + k * arrivalInterval}; kubelets
 * post a heartbeat every {@code heartbeatInterval}; the node lifecycle controller marks a node
 * whose newest heartbeat is older than {@code nodeMonitorGracePeriod} NotReady and taints it
 * {@code node.kubernetes.io/unreachable:NoSchedule}.
 */
public record Timing(Instant start, Duration arrivalInterval, Duration heartbeatInterval,
                     Duration nodeMonitorGracePeriod) {
}
