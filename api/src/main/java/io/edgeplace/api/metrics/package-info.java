/**
 * The metrics SPI: edgeplace reports what it does to an {@link io.edgeplace.api.metrics.EdgeplaceMetrics}
 * and a {@link io.edgeplace.api.metrics.CacheMetrics}; every method has a no-op default, and
 * {@link io.edgeplace.api.metrics.EdgeplaceMetrics#NOOP} is used when none is given. The
 * scheduler extender implements it with Prometheus.
 */
@NullMarked
package io.edgeplace.api.metrics;

import org.jspecify.annotations.NullMarked;
