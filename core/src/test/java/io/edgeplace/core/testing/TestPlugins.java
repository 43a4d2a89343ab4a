package io.edgeplace.core.testing;

import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Small plugins for engine tests that decide by node name, such as a filter rejecting the named
 * nodes or a score plugin returning fixed scores.
 */
public final class TestPlugins {
  private TestPlugins() {
  }

  public static FilterPlugin filter(String name, Function<String, FilterResult> byNode) {
    return new FilterPlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public FilterResult filter(CycleState state, int node) {
        return byNode.apply(state.snapshot().node(node).name());
      }

      @Override
      public String explain(CycleState state, int node) {
        return name + " saw " + state.snapshot().node(node).name();
      }
    };
  }

  /** A filter named {@code rejecting} that rejects the named nodes (UNSCHEDULABLE, reason {@code Rejected}). */
  public static FilterPlugin rejecting(String... nodes) {
    java.util.Set<String> rejected = java.util.Set.of(nodes);
    return filter("rejecting", n -> rejected.contains(n)
        ? FilterResult.unschedulable("rejecting", "Rejected", "node " + n + " is rejected by the test")
        : FilterResult.pass());
  }

  public static FilterPlugin preFilterRejecting(String name, FilterResult result) {
    return new FilterPlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public FilterResult preFilter(CycleState state) {
        return result;
      }

      @Override
      public FilterResult filter(CycleState state, int node) {
        throw new AssertionError("filter must not run after a preFilter rejection");
      }
    };
  }

  /** A score plugin whose raw scores are already normalized. */
  public static ScorePlugin scorer(String name, ToLongFunction<String> byNode) {
    return dividing(name, byNode, 1);
  }

  /** A score plugin whose raw scores are divided by {@code divisor} in normalize. */
  public static ScorePlugin dividing(String name, ToLongFunction<String> byNode, long divisor) {
    return new ScorePlugin() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long score(CycleState state, int node) {
        return byNode.applyAsLong(state.snapshot().node(node).name());
      }

      @Override
      public void normalize(CycleState state, int[] nodes, long[] scores, int count) {
        for (int i = 0; i < count; i++) {
          scores[i] /= divisor;
        }
      }
    };
  }
}
