/** The placement-quality simulator: replays a scenario pod by pod with edgeplace and with a kube-scheduler-default baseline, and reports what each placement costs. */
@NullMarked
package io.edgeplace.simulator;

import org.jspecify.annotations.NullMarked;
