/** The simulation loop (time, heartbeats, outages, pod-by-pod decisions fed back into the snapshot) and the figures it measures. */
@NullMarked
package io.edgeplace.simulator.run;

import org.jspecify.annotations.NullMarked;
