/**
 * The embedded-placement sample: a plain Java program that builds a cluster snapshot (in code, or
 * from a snapshot file through the Kubernetes adapters), ranks a workload with the placement
 * engine and prints an explanation table per node and plugin.
 */
@NullMarked
package io.edgeplace.samples.embedded;

import org.jspecify.annotations.NullMarked;
