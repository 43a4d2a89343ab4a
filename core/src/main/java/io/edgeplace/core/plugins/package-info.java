/**
 * The built-in placement plugins: architecture (filter and score), unit affinity (filter), unit
 * spread (score), unit connectivity (filter and score), uplink bandwidth (filter and score),
 * traffic locality (score, and a filter for bandwidth), image pull cost (score) and sandbox
 * runtimes (filter). Each is one small immutable class with a {@code NAME} and reason constants
 * implementing the {@link io.edgeplace.api.plugin.FilterPlugin} and/or
 * {@link io.edgeplace.api.plugin.ScorePlugin} SPI; per-pod work happens once in
 * {@code preFilter}/{@code preScore} into arrays indexed by unit, platform or node, so the
 * per-node calls are a few array reads.
 */
@NullMarked
package io.edgeplace.core.plugins;

import org.jspecify.annotations.NullMarked;
