/** Scenario files: a strict YAML reader, the scenario model, and its deterministic expansion into nodes, units and arriving pods. */
@NullMarked
package io.edgeplace.simulator.scenario;

import org.jspecify.annotations.NullMarked;
