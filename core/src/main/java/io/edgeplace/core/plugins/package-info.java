/**
 * The built-in network-aware placement plugins: unit connectivity, uplink bandwidth, traffic
 * locality, image pull cost and sandbox runtimes. Each is one small immutable class implementing
 * the {@link io.edgeplace.api.plugin.FilterPlugin} and/or {@link io.edgeplace.api.plugin.ScorePlugin}
 * SPI; per-pod work happens once in {@code preFilter}/{@code preScore} into arrays indexed by
 * unit or node, so the per-node calls are a few array reads.
 */
@NullMarked
package io.edgeplace.core.plugins;

import org.jspecify.annotations.NullMarked;
