/**
 * Offline-tolerant state: a crash-safe store of generations ({@link io.edgeplace.api.store.SnapshotStore}),
 * the {@link io.edgeplace.api.store.Codec} an embedder gives for its own state, and a loading cache
 * that serves the last good value while its source is unreachable
 * ({@link io.edgeplace.api.store.StaleTolerantCache}). Implementations live in {@code edgeplace-core}
 * ({@code io.edgeplace.core.store}, {@code io.edgeplace.core.cache}).
 */
@NullMarked
package io.edgeplace.api.store;

import org.jspecify.annotations.NullMarked;
