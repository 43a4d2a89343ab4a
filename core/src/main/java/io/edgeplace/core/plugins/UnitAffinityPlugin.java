package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterPlugin.Rejections;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.StateKey;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Filter: a workload with {@link Workload#allowedUnits()} runs only on nodes of those units; an
 * empty set allows every unit. A rejection ({@value #UNIT_NOT_ALLOWED}) names the node's unit and
 * the allowed set, and is {@link FilterResult.Code#UNSCHEDULABLE_AND_UNRESOLVABLE}. When none of
 * the allowed units is in the cluster, preFilter rejects every node at once and says so.
 *
 * <p>preFilter turns the allowed names into one boolean per unit index; the per-node call is
 * two array reads.
 */
public final class UnitAffinityPlugin implements FilterPlugin {

  /** The plugin's name. */
  public static final String NAME = "unit-affinity";
  /** Reason: the node's unit is not among the workload's allowed units. */
  public static final String UNIT_NOT_ALLOWED = "UnitNotAllowed";

  private static final StateKey<Allowed> ALLOWED = StateKey.of(NAME, Allowed.class);
  private static final UnitAffinityPlugin INSTANCE = new UnitAffinityPlugin();

  private UnitAffinityPlugin() {
  }

  /** The plugin; it has no settings, so this is a shared instance. */
  public static UnitAffinityPlugin create() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return NAME;
  }

  /*
   * Per cycle: allowed[u] per unit index, or null for "any unit". Rejections are made the first
   * time a unit is rejected and kept per unit (a racy but safe cache: Rejection is immutable
   * with final fields, and every thread would make an equal one), so rejecting 5,000 nodes of
   * three units makes three messages.
   */
  private record Allowed(boolean @Nullable [] allowed, String names, FilterResult.@Nullable Rejection[] rejections) {
  }

  @Override
  public FilterResult preFilter(CycleState state) {
    ClusterSnapshot snapshot = state.snapshot();
    Workload workload = state.workload();
    if (workload.allowedUnits().isEmpty()) {
      state.put(ALLOWED, new Allowed(null, "", new FilterResult.Rejection[0]));
      return FilterResult.pass();
    }
    String names = new TreeSet<>(workload.allowedUnits()).toString();
    boolean[] allowed = new boolean[snapshot.unitCount()];
    boolean any = false;
    for (String unit : workload.allowedUnits()) {
      int u = snapshot.unitIndex(unit);
      if (u >= 0) {
        allowed[u] = true;
        any = true;
      }
    }
    state.put(ALLOWED, new Allowed(allowed, names, new FilterResult.Rejection[snapshot.unitCount()]));
    if (!any && snapshot.nodeCount() > 0) {
      List<String> units = snapshot.units().stream().map(io.edgeplace.api.Unit::name).limit(10).toList();
      return FilterResult.unresolvable(NAME, UNIT_NOT_ALLOWED, "none of the workload's allowed units " + names
          + " is in the cluster (units: " + String.join(", ", units) + (snapshot.unitCount() > 10 ? ", …" : "")
          + "); maybe a typo in the allowed units, or the unit's nodes are gone?");
    }
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    Allowed a = state.get(ALLOWED);
    boolean[] allowed = a.allowed;
    if (allowed == null) {
      return FilterResult.pass();
    }
    int u = state.snapshot().unitOf(node);
    if (allowed[u]) {
      return FilterResult.pass();
    }
    FilterResult.Rejection r = a.rejections[u];
    if (r == null) {
      r = FilterResult.unresolvable(NAME, UNIT_NOT_ALLOWED, "unit \"" + state.snapshot().unit(u).name()
          + "\" of the node is not among the workload's allowed units " + a.names);
      a.rejections[u] = r;
    }
    return r;
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    boolean[] allowed = state.get(ALLOWED).allowed;
    if (allowed == null) {
      return;
    }
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      int node = nodes[k];
      if (!allowed[s.unitOf(node)]) {
        rejections.reject(k, filter(state, node));
      }
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    Allowed a = state.find(ALLOWED);
    if (a == null || a.allowed == null) {
      return "";
    }
    int u = state.snapshot().unitOf(node);
    String unit = state.snapshot().unit(u).name();
    return a.allowed[u]
        ? "unit \"" + unit + "\" is among the workload's allowed units " + a.names
        : "unit \"" + unit + "\" of the node is not among the workload's allowed units " + a.names;
  }

  @Override
  public String toString() {
    return NAME;
  }
}
