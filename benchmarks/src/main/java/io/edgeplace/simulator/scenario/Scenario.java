package io.edgeplace.simulator.scenario;

import io.edgeplace.api.NetworkMode;
import io.edgeplace.api.Platform;
import io.edgeplace.api.Resources;
import io.edgeplace.api.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
  private static <K, V> Map<K, V> ordered(Map<K, V> map) {
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(map));
  }

  /**
   * The simulated clock: pod {@code k} arrives at {@code start + k * arrivalInterval}; kubelets
   * post a heartbeat every {@code heartbeatInterval}; the node lifecycle controller marks a node
   * whose newest heartbeat is older than {@code nodeMonitorGracePeriod} NotReady and taints it
   * {@code node.kubernetes.io/unreachable:NoSchedule}.
   */
  public record Timing(Instant start, Duration arrivalInterval, Duration heartbeatInterval,
                       Duration nodeMonitorGracePeriod) {
  }

  /** An image: its size and the platforms its index offers; {@code preloaded} of the compatible nodes have it. */
  public record ImageSpec(String reference, long sizeBytes, Set<Platform> platforms, double preloaded) {
    public ImageSpec {
      platforms = Set.copyOf(platforms);
    }
  }

  /** A kind of node: platform, allocatable resources, runtime handlers, extra labels and taints. */
  public record NodeType(String name, Platform platform, Resources allocatable, Set<String> runtimeHandlers,
                         Map<String, String> labels, List<Taint> taints) {
    public NodeType {
      runtimeHandlers = Set.copyOf(runtimeHandlers);
      labels = Map.copyOf(labels);
      taints = List.copyOf(taints);
    }
  }

  /** A closed range; {@code min == max} for a fixed value. Drawn log-uniformly for bandwidths. */
  public record Range(long min, long max) {
    public static Range fixed(long v) {
      return new Range(v, v);
    }
  }

  /**
   * {@code count} units named from {@code name} ({@code site-{i}}, or {@code site-01 …} when it
   * has no {@code {i}}), each of {@code nodes} nodes drawn from the weighted {@code mix} of node
   * types; regions are dealt round-robin.
   *
   * @param bandwidth uplink bits/s, or null for an unlimited (undeclared) uplink
   */
  public record UnitGroup(String name, int count, int nodes, List<String> regions, Map<String, Integer> mix,
                          @Nullable Range bandwidth, Range latencyMillis, NetworkMode mode) {
    public UnitGroup {
      regions = List.copyOf(regions);
      mix = ordered(mix);
    }
  }

  /**
   * The uplink of {@code unit} is down from arrival step {@code from} (minus {@code since}: the
   * outage may have begun before) until step {@code to} (exclusive; -1 for the end of the run).
   */
  public record OutageSpec(String unit, int from, int to, Duration since, String path) {
  }

  /** A container: its image (a list is dealt round-robin over the group's apps) and requests. */
  public record ContainerSpec(String name, List<String> images, long milliCpu, long memoryBytes) {
    public ContainerSpec {
      images = List.copyOf(images);
    }
  }

  /** A traffic peer: the pods of app {@code app} (label {@code app=<app>}), with {@code bitsPerSecond} in total. */
  public record PeerSpec(String app, long bitsPerSecond) {
  }

  /**
   * {@code count} apps named from {@code name} (with {@code {i}} substituted in the name, the
   * peers' and the units' names), each of {@code replicas} pods.
   */
  public record AppGroup(String name, int count, String namespace, int replicas, List<ContainerSpec> containers,
                         List<ContainerSpec> initContainers, long ingressBitsPerSecond, long egressBitsPerSecond,
                         List<PeerSpec> peers, @Nullable String runtimeClass, Map<String, String> nodeSelector,
                         Set<String> architectures, List<String> units, String path) {
    public AppGroup {
      containers = List.copyOf(containers);
      initContainers = List.copyOf(initContainers);
      peers = List.copyOf(peers);
      nodeSelector = Map.copyOf(nodeSelector);
      architectures = Set.copyOf(architectures);
      units = List.copyOf(units);
    }
  }

  /** How the pods of all apps are ordered into arrivals. */
  public enum Arrival {
    /** App by app in file order, each app's replicas together. */
    SEQUENTIAL,
    /** Round-robin over the apps: every app's first replica, then every second one … */
    INTERLEAVED,
    /** A seeded shuffle of all pods. */
    SHUFFLED
  }
}
