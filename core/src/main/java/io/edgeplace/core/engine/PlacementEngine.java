package io.edgeplace.core.engine;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.Plugin;
import io.edgeplace.api.plugin.ScorePlugin;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Ranks the nodes of a {@link ClusterSnapshot} for one {@link Workload}, running the pipeline of
 * the kube-scheduler framework: preFilter → filter (per node, called in batches of nodes) →
 * preScore → score (per node, in batches) → normalize (per plugin) → range check [0, 100] →
 * weight → sum → the best node; the full ranking of the feasible nodes is sorted when the result
 * is first asked for it.
 *
 * <p>An engine is immutable and thread-safe: one instance serves concurrent placements. It
 * never throws for a node that does not fit (that is a rejection in the result); it throws
 * {@link IllegalStateException} for a plugin bug found during scoring, such as a normalized score
 * outside [0, 100], naming the plugin, the node and the value.
 *
 * <p>Results are deterministic: they depend only on the snapshot, the workload and the plugins,
 * never on the order the nodes were given in, nor on whether nodes were evaluated in parallel.
 * Nodes with equal totals are ordered by a hash of the workload key and the node's position in
 * name order, then by node name, so that equally good nodes share out the workloads (each about
 * equally often) rather than the alphabetically first one taking them all.
 *
 * <p>Plugins see the arrays the engine hands them ({@code nodes} in preScore, {@code scores} in
 * normalize) only during the call: the engine reuses them, so a plugin reads them and never keeps
 * them. A filter that throws becomes {@link io.edgeplace.api.plugin.FilterResult#error} for that
 * node; a preFilter rejection rejects every node.
 *
 * <p>Build one with {@link #builder()}, or {@link DefaultPlugins#builder()} for the built-in
 * plugins:
 * <pre>{@code
 * PlacementEngine engine = PlacementEngine.builder()
 *     .plugin(ArchitecturePlugin.create(), 10)
 *     .filter(UnitAffinityPlugin.create())
 *     .score(UnitSpreadPlugin.create(), 5)
 *     .build();
 * PlacementResult result = engine.place(snapshot, workload);
 * }</pre>
 */
public interface PlacementEngine {

  /** A builder with no plugins, the common fork-join pool, the system clock and a threshold of 1,024 nodes. */
  static Builder builder() {
    return new Builder();
  }

  /** Ranks every node of {@code snapshot} for {@code workload}. */
  PlacementResult place(ClusterSnapshot snapshot, Workload workload);

  /**
   * Ranks the named nodes for {@code workload}. Names that are not in {@code snapshot} are
   * ignored (the caller reports them); a name given twice counts once.
   */
  PlacementResult place(ClusterSnapshot snapshot, Workload workload, Collection<String> nodeNames);

  /**
   * Ranks the nodes with the given indices into {@code snapshot} ({@link ClusterSnapshot#nodeIndex}),
   * for callers that resolved names already, such as the extender, which keeps a name index per
   * node generation. Any order; an index given twice counts once.
   *
   * @throws IllegalArgumentException for an index outside {@code [0, snapshot.nodeCount())}
   */
  PlacementResult place(ClusterSnapshot snapshot, Workload workload, int[] nodes);

  /** As {@link #place(ClusterSnapshot, Workload, int[])}, with every plugin's note on every node. */
  PlacementResult explain(ClusterSnapshot snapshot, Workload workload, int[] nodes);

  /** As {@link #place(ClusterSnapshot, Workload)}, with every plugin's note on every node. */
  PlacementResult explain(ClusterSnapshot snapshot, Workload workload);

  /** As {@link #place(ClusterSnapshot, Workload, Collection)}, with every plugin's note on every node. */
  PlacementResult explain(ClusterSnapshot snapshot, Workload workload, Collection<String> nodeNames);

  /** The names of the filter plugins, in the order they run. */
  List<String> filterPlugins();

  /** The score plugins' names and weights, in the order they run. */
  Map<String, Integer> scoreWeights();

  /**
   * Collects plugins, weights and the runtime settings of an engine; {@link #build()} checks
   * them and returns an engine. Every setter checks its argument at once and throws
   * {@link IllegalArgumentException} naming the value. {@link #build()} does not alter the
   * builder, so one builder may build several engines.
   *
   * <p>Plugins run in the order they were first added. A plugin that is both a filter and a
   * score plugin (such as the architecture plugin) may be added once with {@link #plugin}.
   */
  final class Builder {
    /** The smallest weight a score plugin may have. */
    public static final int MIN_WEIGHT = 1;
    /** The largest weight a score plugin may have. */
    public static final int MAX_WEIGHT = 100;
    /** The default of {@link #parallelismThreshold(int)}. */
    public static final int DEFAULT_PARALLELISM_THRESHOLD = 1024;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private Executor executor = ForkJoinPool.commonPool();
    private InstantSource clock = InstantSource.system();
    private int parallelismThreshold = DEFAULT_PARALLELISM_THRESHOLD;
    private PlacementListener listener = PlacementListener.NONE;

    Builder() {
    }

    /** Adds {@code plugin} as a filter. */
    public Builder filter(FilterPlugin plugin) {
      Entry e = entryFor(plugin);
      if (e.filter) {
        throw new IllegalArgumentException("filter plugin \"" + e.plugin.name() + "\" is added twice; add it once");
      }
      e.filter = true;
      return this;
    }

    /** Adds {@code plugin} as a score plugin with {@code weight} in [1, 100]. */
    public Builder score(ScorePlugin plugin, int weight) {
      checkWeight(plugin.name(), weight);
      Entry e = entryFor(plugin);
      if (e.weight != 0) {
        throw new IllegalArgumentException("score plugin \"" + e.plugin.name() + "\" is added twice (weights "
            + e.weight + " and " + weight + "); add it once, or change its weight with weight(name, weight)");
      }
      e.weight = weight;
      return this;
    }

    /**
     * Adds {@code plugin} in every role it implements: as a filter if it is a {@link FilterPlugin},
     * as a score plugin with {@code weight} if it is a {@link ScorePlugin}.
     */
    public Builder plugin(Plugin plugin, int weight) {
      Objects.requireNonNull(plugin, "plugin");
      if (!(plugin instanceof FilterPlugin) && !(plugin instanceof ScorePlugin)) {
        throw new IllegalArgumentException("plugin \"" + plugin.name() + "\" (" + plugin.getClass().getName()
            + ") is neither a FilterPlugin nor a ScorePlugin; maybe it implements the wrong interface?");
      }
      checkWeight(plugin.name(), weight);
      Entry existing = entries.get(plugin.name());
      if (existing != null && existing.plugin == plugin
          && ((plugin instanceof FilterPlugin && existing.filter) || (plugin instanceof ScorePlugin && existing.weight != 0))) {
        throw new IllegalArgumentException("plugin \"" + plugin.name() + "\" is added twice; add it once");
      }
      if (plugin instanceof FilterPlugin f) {
        filter(f);
      }
      if (plugin instanceof ScorePlugin s) {
        score(s, weight);
      }
      return this;
    }

    /** Changes the weight of the score plugin named {@code name}, added before. */
    public Builder weight(String name, int weight) {
      checkWeight(name, weight);
      Entry e = entries.get(name);
      if (e == null || e.weight == 0) {
        throw new IllegalArgumentException("there is no score plugin named \"" + name + "\" to weigh; score plugins: "
            + scoreNames() + ". Maybe a typo?");
      }
      e.weight = weight;
      return this;
    }

    /** Removes the plugin named {@code name}, added before, from every role. */
    public Builder remove(String name) {
      if (entries.remove(name) == null) {
        throw new IllegalArgumentException("there is no plugin named \"" + name + "\" to remove; plugins: "
            + entries.keySet() + ". Maybe a typo?");
      }
      return this;
    }

    /** Where chunks of nodes are evaluated in parallel; the default is the common fork-join pool. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The clock that times placements for the {@link #listener}; the default is the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The candidate count from which nodes are evaluated in parallel on the {@link #executor}
     * (default {@value #DEFAULT_PARALLELISM_THRESHOLD}); {@link Integer#MAX_VALUE} means never.
     * Results are the same either way.
     */
    public Builder parallelismThreshold(int nodes) {
      if (nodes < 1) {
        throw new IllegalArgumentException("parallelismThreshold is " + nodes
            + "; it must be at least 1 (Integer.MAX_VALUE turns parallel evaluation off)");
      }
      this.parallelismThreshold = nodes;
      return this;
    }

    /** Told of every placement, with its duration measured on the {@link #clock}. */
    public Builder listener(PlacementListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The engine.
     *
     * @throws IllegalStateException when no plugin was added
     */
    public PlacementEngine build() {
      List<FilterPlugin> filters = new ArrayList<>();
      List<ScorePlugin> scorers = new ArrayList<>();
      List<Integer> weights = new ArrayList<>();
      List<Plugin> all = new ArrayList<>();
      for (Entry e : entries.values()) {
        if (e.filter) {
          filters.add((FilterPlugin) e.plugin);
        }
        if (e.weight != 0) {
          scorers.add((ScorePlugin) e.plugin);
          weights.add(e.weight);
        }
        if (e.filter || e.weight != 0) {
          all.add(e.plugin);
        }
      }
      if (all.isEmpty()) {
        throw new IllegalStateException("a placement engine needs at least one plugin; maybe start from "
            + "DefaultPlugins.builder(), or add one with filter(..), score(.., weight) or plugin(.., weight)");
      }
      return new DefaultPlacementEngine(filters, scorers, weights, all, executor, clock, parallelismThreshold,
          listener);
    }

    private Entry entryFor(Plugin plugin) {
      Objects.requireNonNull(plugin, "plugin");
      String name = plugin.name();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("plugin " + plugin.getClass().getName() + " has a blank name \"" + name
            + "\"; a plugin needs a stable name such as \"architecture\"");
      }
      Entry e = entries.get(name);
      if (e == null) {
        e = new Entry(plugin);
        entries.put(name, e);
      } else if (e.plugin != plugin) {
        throw new IllegalArgumentException("two plugins are named \"" + name + "\": " + e.plugin.getClass().getName()
            + " and " + plugin.getClass().getName() + "; plugin names key weights and explanations, so they "
            + "must be unique. Maybe one was added twice, or remove(\"" + name + "\") first to replace it?");
      }
      return e;
    }

    private List<String> scoreNames() {
      List<String> names = new ArrayList<>();
      entries.forEach((n, e) -> {
        if (e.weight != 0) {
          names.add(n);
        }
      });
      return names;
    }

    private static void checkWeight(String plugin, int weight) {
      if (weight < MIN_WEIGHT || weight > MAX_WEIGHT) {
        throw new IllegalArgumentException("weight of plugin \"" + plugin + "\" is " + weight + "; it must be in ["
            + MIN_WEIGHT + ", " + MAX_WEIGHT + "]. Maybe remove the plugin instead of weighing it 0?");
      }
    }

    /* A plugin and its roles; weight 0 means "not a score plugin". Mutable, builder-private. */
    private static final class Entry {
      final Plugin plugin;
      boolean filter;
      int weight;

      Entry(Plugin plugin) {
        this.plugin = plugin;
      }
    }
  }
}
