/**
 * Where the engine's {@link io.edgeplace.api.ClusterSnapshot} comes from, and how much it can be
 * trusted: a {@link io.edgeplace.api.topology.TopologySource} hands out immutable snapshots with
 * their {@link io.edgeplace.api.topology.Freshness} (live, stale since a time, restored from disk).
 * The Kubernetes implementation lives in {@code io.edgeplace.core.topology}.
 */
@NullMarked
package io.edgeplace.api.topology;

import org.jspecify.annotations.NullMarked;
