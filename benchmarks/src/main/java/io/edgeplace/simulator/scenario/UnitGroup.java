package io.edgeplace.simulator.scenario;

import io.edgeplace.api.NetworkMode;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
    mix = Scenario.ordered(mix);
  }
}
