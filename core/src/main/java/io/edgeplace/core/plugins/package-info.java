/**
 * The built-in placement plugins of issue 2: {@link io.edgeplace.core.plugins.ArchitecturePlugin}
 * (filter and score), {@link io.edgeplace.core.plugins.UnitAffinityPlugin} (filter) and
 * {@link io.edgeplace.core.plugins.UnitSpreadPlugin} (score). Each is a small immutable class
 * with a {@code NAME} and reason constants; per-cycle work happens in preFilter or preScore and
 * the per-node calls are array reads.
 */
@NullMarked
package io.edgeplace.core.plugins;

import org.jspecify.annotations.NullMarked;
