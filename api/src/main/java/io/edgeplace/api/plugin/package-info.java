/**
 * The plugin SPI, after the kube-scheduler framework: a {@link io.edgeplace.api.plugin.FilterPlugin}
 * decides per node whether a workload may run there, a {@link io.edgeplace.api.plugin.ScorePlugin}
 * ranks the nodes that passed. Per-workload work happens once in {@code preFilter}/{@code preScore}
 * and is handed to the per-node calls through the typed {@link io.edgeplace.api.plugin.CycleState}.
 */
@NullMarked
package io.edgeplace.api.plugin;

import org.jspecify.annotations.NullMarked;
