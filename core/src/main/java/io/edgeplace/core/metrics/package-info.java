/**
 * Ready implementations of the metrics SPI ({@link io.edgeplace.api.metrics.EdgeplaceMetrics}):
 * {@link io.edgeplace.core.metrics.InMemoryMetrics} keeps counters and the last values in memory,
 * for a health endpoint of an embedder without Prometheus, and for tests.
 */
@NullMarked
package io.edgeplace.core.metrics;

import org.jspecify.annotations.NullMarked;
