/** Placement policies the simulator compares: the edgeplace engine and a model of kube-scheduler's default profile. */
@NullMarked
package io.edgeplace.simulator.policy;

import org.jspecify.annotations.NullMarked;
