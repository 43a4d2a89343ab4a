/**
 * The translation between the wire and the core: the extender's verbs as calls onto a
 * {@link io.edgeplace.extender.placement.Placer}, against the snapshot of a
 * {@link io.edgeplace.extender.placement.SnapshotSource}, with no placement logic of its own.
 */
@NullMarked
package io.edgeplace.extender.placement;

import org.jspecify.annotations.NullMarked;
