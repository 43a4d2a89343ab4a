/**
 * The live topology: {@link io.edgeplace.core.topology.KubernetesTopologySource} keeps an
 * immutable {@link io.edgeplace.api.ClusterSnapshot} up to date from fabric8 informers, reports
 * its {@link io.edgeplace.api.topology.Freshness}, persists it debounced and restores it when
 * started without an API server.
 */
@NullMarked
package io.edgeplace.core.topology;

import org.jspecify.annotations.NullMarked;
