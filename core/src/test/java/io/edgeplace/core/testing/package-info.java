/**
 * Test fixtures shared through core's test-jar: random clusters and workloads
 * ({@link io.edgeplace.core.testing.RandomClusters}) and seeded checks that name their seed on
 * failure ({@link io.edgeplace.core.testing.Seeds}).
 */
@NullMarked
package io.edgeplace.core.testing;

import org.jspecify.annotations.NullMarked;
