/**
 * The placement-gate controller sample: pods created with the scheduling gate
 * {@code edgeplace.io/placement} are held until this controller has computed, with the placement
 * engine on the live cluster topology, where they may run, written that as a required node
 * affinity, and removed the gate; any scheduler then places them correctly.
 */
@NullMarked
package io.edgeplace.samples.gate;

import org.jspecify.annotations.NullMarked;
