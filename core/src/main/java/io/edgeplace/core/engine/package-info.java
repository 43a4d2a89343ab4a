/**
 * The placement engine: {@link io.edgeplace.core.engine.PlacementEngine} runs filter and score
 * plugins over a cluster snapshot for one workload and returns an explainable ranking;
 * {@link io.edgeplace.core.engine.DefaultPlugins} is the built-in plugin set with its weights.
 */
@NullMarked
package io.edgeplace.core.engine;

import org.jspecify.annotations.NullMarked;
