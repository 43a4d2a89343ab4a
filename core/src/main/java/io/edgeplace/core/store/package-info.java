/**
 * The crash-safe {@link io.edgeplace.api.store.SnapshotStore} on a local directory
 * ({@link io.edgeplace.core.store.FileSnapshotStore}), the compact binary
 * {@link io.edgeplace.core.store.SnapshotCodec} of a {@link io.edgeplace.api.ClusterSnapshot}, and
 * the bounded {@link io.edgeplace.core.store.BinaryReader}/{@link io.edgeplace.core.store.BinaryWriter}
 * pair codecs are written with.
 */
@NullMarked
package io.edgeplace.core.store;

import org.jspecify.annotations.NullMarked;
