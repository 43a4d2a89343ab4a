/**
 * Uplink bandwidth that this process has promised but the cluster does not show yet: the
 * {@link io.edgeplace.core.reservation.BandwidthReservations} book of pods decided and not yet
 * seen bound, and {@link io.edgeplace.core.reservation.UplinkDemand}, what one pod puts on which
 * uplinks.
 */
@NullMarked
package io.edgeplace.core.reservation;

import org.jspecify.annotations.NullMarked;
