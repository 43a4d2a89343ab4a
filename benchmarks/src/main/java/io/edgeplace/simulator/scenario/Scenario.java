package io.edgeplace.simulator.scenario;

import java.util.List;
import java.util.Map;

/**
 * A validated scenario, as written in its file: the fleet and the workloads, with the compact
 * generation rules (unit groups of {@code count} units, bandwidth ranges, app groups) still
 * unexpanded. {@link ScenarioExpander#expand(Scenario, long)} turns it into concrete nodes,
 * units and arriving pods, deterministically from a seed.
 *
 * <p>Read one with {@link ScenarioReader}; {@code benchmarks/scenarios/example.yaml} documents
 * every key.
 *
 * @param name       the scenario's name, for reports
 * @param seed       the default seed (the command line's {@code --seed} overrides it)
 * @param timing     the clock of the simulation
 * @param registryBitsPerSecond the registry side's bandwidth limit on image pulls
 * @param images     declared images by reference
 * @param runtimeClasses RuntimeClass name to handler
 * @param nodeTypes  node types by name
 * @param unitGroups unit groups in file order
 * @param outages    uplink outages
 * @param appGroups  app groups in file order
 * @param arrival    the order in which the pods arrive
 */
public record Scenario(String name, long seed, Timing timing, long registryBitsPerSecond,
                       Map<String, ImageSpec> images, Map<String, String> runtimeClasses,
                       Map<String, NodeType> nodeTypes, List<UnitGroup> unitGroups, List<OutageSpec> outages,
                       List<AppGroup> appGroups, Arrival arrival) {

  public Scenario {
    images = ordered(images);
    runtimeClasses = ordered(runtimeClasses);
    nodeTypes = ordered(nodeTypes);
    unitGroups = List.copyOf(unitGroups);
    outages = List.copyOf(outages);
    appGroups = List.copyOf(appGroups);
  }

  /*
   * Iteration order is part of the contract: expansion draws from one random stream in file order,
   * so maps keep their insertion order (Map.copyOf's order changes from one JVM to the next).
   */
  static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }
}
