package io.edgeplace.simulator.run;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import java.util.List;

/**
 * One policy's run over one scenario instance: every pod's outcome and the final snapshot.
 * {@link #figures()} measures it.
 *
 * @param policy   the policy's name
 * @param instance the scenario instance replayed
 * @param outcomes per arriving pod, in arrival order
 * @param last     the snapshot after the last arrival
 */
public record SimulationResult(String policy, ScenarioInstance instance, List<PodOutcome> outcomes,
                               ClusterSnapshot last) {
  public SimulationResult {
    outcomes = List.copyOf(outcomes);
  }

  /** The figures of this run (computed on each call). */
  public Figures figures() {
    return Figures.of(this);
  }
}
