package io.edgeplace.simulator.scenario;

import io.edgeplace.api.Node;
import io.edgeplace.api.Unit;
import io.edgeplace.api.Workload;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A scenario expanded for one seed: the concrete units and nodes (as they are before the first
 * arrival, with their preloaded images), the pods in arrival order, and the outages on the
 * simulated clock. Two expansions of one scenario with one seed are equal.
 *
 * @param scenario the scenario it was expanded from
 * @param seed     the seed used
 * @param units    every unit, in declaration order
 * @param nodes    every node, in declaration order
 * @param arrivals the pods, in arrival order (pod {@code k} arrives at step {@code k})
 * @param outages  uplink outages on the simulated clock
 */
public record ScenarioInstance(Scenario scenario, long seed, List<Unit> units, List<Node> nodes,
                               List<Workload> arrivals, List<Outage> outages) {

  public ScenarioInstance {
    units = List.copyOf(units);
    nodes = List.copyOf(nodes);
    arrivals = List.copyOf(arrivals);
    outages = List.copyOf(outages);
  }

  /** The time pod {@code step} arrives. */
  public Instant timeOf(int step) {
    Timing t = scenario.timing();
    return t.start().plus(t.arrivalInterval().multipliedBy(step));
  }

  /**
   * The uplink of {@code unit} is down from {@code down} (inclusive) to {@code up} (exclusive; null
   * when it never comes back during the run).
   */
  public record Outage(String unit, Instant down, @Nullable Instant up) {
    public boolean activeAt(Instant t) {
      return !t.isBefore(down) && (up == null || t.isBefore(up));
    }
  }
}
