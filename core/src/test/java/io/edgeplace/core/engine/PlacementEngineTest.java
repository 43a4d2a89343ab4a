package io.edgeplace.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import io.edgeplace.core.testing.TestPlugins;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.PluginScore;
import io.edgeplace.api.Workload;
import io.edgeplace.api.plugin.FilterResult;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementEngineTest {

  private static final Workload POD = Workload.builder("default", "web-1").build();

  private static ClusterSnapshot cluster(String... names) {
    ClusterSnapshot.Builder b = ClusterSnapshot.builder();
    for (String name : names) {
      b.node(Node.builder(name, "unit-" + name.charAt(0)).build());
    }
    return b.build();
  }

  private static FilterResult reject(String plugin, String reason) {
    return FilterResult.unresolvable(plugin, reason, plugin + " says no");
  }

  /** A pipeline case: an engine, a cluster, and the outcome expected. */
  record Case(String description, PlacementEngine engine, ClusterSnapshot snapshot, List<String> ranking,
              Map<String, String> rejectedBy, Map<String, Long> totals) {
    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<Case> pipeline() {
    return Stream.of(
        new Case("the first rejection in plugin order wins, later filters do not change it",
            PlacementEngine.builder()
                .filter(TestPlugins.filter("first", n -> n.equals("a") ? reject("first", "One") : FilterResult.pass()))
                .filter(TestPlugins.filter("second", n -> reject("second", "Two")))
                .build(),
            cluster("a", "b"), List.of(), Map.of("a", "first", "b", "second"), Map.of()),
        new Case("a preFilter rejection rejects every node with that rejection",
            PlacementEngine.builder()
                .filter(TestPlugins.filter("ok", n -> FilterResult.pass()))
                .filter(TestPlugins.preFilterRejecting("gate", reject("gate", "Closed")))
                .build(),
            cluster("a", "b", "c"), List.of(), Map.of("a", "gate", "b", "gate", "c", "gate"), Map.of()),
        new Case("a filter that throws becomes an error for that node only",
            PlacementEngine.builder()
                .filter(TestPlugins.filter("flaky", n -> {
                  if (n.equals("b")) {
                    throw new IllegalStateException("boom");
                  }
                  return FilterResult.pass();
                }))
                .score(TestPlugins.scorer("s", n -> 50), 1)
                .build(),
            cluster("a", "b"), List.of("a"), Map.of("b", "flaky"), Map.of("a", 50L)),
        new Case("a filter that returns null becomes an error for that node",
            PlacementEngine.builder().filter(TestPlugins.filter("nulls", n -> null)).build(),
            cluster("a"), List.of(), Map.of("a", "nulls"), Map.of()),
        new Case("scores are normalized, weighted and summed, best total first",
            PlacementEngine.builder()
                .score(TestPlugins.dividing("tens", n -> n.equals("a") ? 1000 : 500, 10), 2)
                .score(TestPlugins.scorer("flat", n -> n.equals("c") ? 100 : 0), 3)
                .build(),
            cluster("a", "b", "c"), List.of("c", "a", "b"), Map.of(), Map.of("a", 200L, "b", 100L, "c", 400L)),
        new Case("rejected nodes get no score and no rank",
            PlacementEngine.builder()
                .filter(TestPlugins.filter("f", n -> n.equals("b") ? reject("f", "No") : FilterResult.pass()))
                .score(TestPlugins.scorer("s", n -> n.equals("b") ? 100 : 10), 1)
                .build(),
            cluster("a", "b"), List.of("a"), Map.of("b", "f"), Map.of("a", 10L, "b", -1L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipeline")
  void place_runsThePipeline(Case c) {
    PlacementResult result = c.engine().place(c.snapshot(), POD);

    assertThat(result.feasibleNodes()).containsExactlyElementsOf(c.ranking());
    Map<String, String> rejectedBy = new java.util.HashMap<>();
    result.rejections().forEach((node, r) -> rejectedBy.put(node, r.plugin()));
    assertThat(rejectedBy).isEqualTo(c.rejectedBy());
    c.totals().forEach((node, total) -> assertThat(result.total(node)).as("total of " + node).isEqualTo(total));
  }

  @Test
  void filterError_namesThePluginTheNodeAndTheException() {
    PlacementEngine engine = PlacementEngine.builder().filter(TestPlugins.filter("flaky", n -> {
      throw new IllegalArgumentException("bad input");
    })).build();

    FilterResult r = engine.place(cluster("a"), POD).filterResult("a");

    assertThat(r).isInstanceOfSatisfying(FilterResult.Rejection.class, rej -> {
      assertThat(rej.code()).isEqualTo(FilterResult.Code.ERROR);
      assertThat(rej.message()).contains("\"flaky\"", "\"a\"", "bad input");
    });
  }

  /** A filter whose batch form fails while its per-node form works: only the per-node results count. */
  private static final class BatchlessFilter implements io.edgeplace.api.plugin.FilterPlugin {
    @Override
    public String name() {
      return "batchless";
    }

    @Override
    public FilterResult filter(io.edgeplace.api.plugin.CycleState state, int node) {
      String name = state.snapshot().node(node).name();
      if (name.equals("c")) {
        throw new IllegalStateException("c is cursed");
      }
      return name.equals("b") ? reject("batchless", "NotB") : FilterResult.pass();
    }

    @Override
    public void filter(io.edgeplace.api.plugin.CycleState state, int[] nodes, int from, int to,
                       Rejections rejections) {
      throw new UnsupportedOperationException("no batches here");
    }
  }

  @Test
  void filterWhoseBatchFormThrows_isRunNodeByNode_soOnlyTheFailingNodeGetsAnError() {
    PlacementEngine engine = PlacementEngine.builder().filter(new BatchlessFilter())
        .score(TestPlugins.scorer("s", n -> 7), 1).build();

    PlacementResult r = engine.place(cluster("a", "b", "c", "d"), POD);

    assertThat(r.feasibleNodes()).containsExactlyInAnyOrder("a", "d");
    assertThat(r.rejections().get("b").reason()).isEqualTo("NotB");
    assertThat(r.rejections().get("c").code()).isEqualTo(FilterResult.Code.ERROR);
    assertThat(r.rejections().get("c").message()).contains("\"batchless\"", "\"c\"", "c is cursed");
  }

  @Test
  void filterWhoseBatchFormReportsNull_givesAnErrorForThatNodeNamingThePlugin() {
    PlacementEngine engine = PlacementEngine.builder().filter(new io.edgeplace.api.plugin.FilterPlugin() {
      @Override
      public String name() {
        return "holey";
      }

      @Override
      public FilterResult filter(io.edgeplace.api.plugin.CycleState state, int node) {
        return FilterResult.pass();
      }

      @Override
      public void filter(io.edgeplace.api.plugin.CycleState state, int[] nodes, int from, int to,
                         Rejections rejections) {
        for (int k = from; k < to; k++) {
          if (state.snapshot().node(nodes[k]).name().equals("b")) {
            rejections.reject(k, null);
          }
        }
      }
    }).build();

    PlacementResult r = engine.place(cluster("a", "b"), POD);

    assertThat(r.feasibleNodes()).containsExactly("a");
    assertThat(r.rejections().get("b").message()).contains("\"holey\"", "null", "\"b\"");
  }

  @Test
  void filterWhoseBatchReportsAPass_letsThatNodePass() {
    PlacementEngine engine = PlacementEngine.builder().filter(new io.edgeplace.api.plugin.FilterPlugin() {
      @Override
      public String name() {
        return "confused";
      }

      @Override
      public FilterResult filter(io.edgeplace.api.plugin.CycleState state, int node) {
        return FilterResult.pass();
      }

      @Override
      public void filter(io.edgeplace.api.plugin.CycleState state, int[] nodes, int from, int to,
                         Rejections rejections) {
        for (int k = from; k < to; k++) {
          rejections.reject(k, state.snapshot().node(nodes[k]).name().equals("b") ? FilterResult.pass()
              : reject("confused", "No"));
        }
      }
    }).build();

    PlacementResult r = engine.place(cluster("a", "b", "c"), POD);

    assertThat(r.feasibleCount()).isEqualTo(1);
    assertThat(r.feasibleNodes()).containsExactly("b");
    assertThat(r.rejections()).containsOnlyKeys("a", "c");
  }

  @Test
  void filterWhoseBatchReportsOutOfOrder_isRunNodeByNodeInstead() {
    PlacementEngine engine = PlacementEngine.builder().filter(new io.edgeplace.api.plugin.FilterPlugin() {
      @Override
      public String name() {
        return "backwards";
      }

      @Override
      public FilterResult filter(io.edgeplace.api.plugin.CycleState state, int node) {
        String name = state.snapshot().node(node).name();
        return name.equals("a") || name.equals("c") ? reject("backwards", "No") : FilterResult.pass();
      }

      @Override
      public void filter(io.edgeplace.api.plugin.CycleState state, int[] nodes, int from, int to,
                         Rejections rejections) {
        for (int k = to - 1; k >= from; k--) {
          FilterResult r = filter(state, nodes[k]);
          if (!r.passed()) {
            rejections.reject(k, r);
          }
        }
      }
    }).build();

    PlacementResult r = engine.place(cluster("a", "b", "c", "d"), POD);

    assertThat(r.feasibleNodes()).containsExactlyInAnyOrder("b", "d");
    assertThat(r.rejections()).containsOnlyKeys("a", "c");
    assertThat(r.rejections().get("c").reason()).isEqualTo("No");
  }

  @Test
  void scorerWhoseBatchFormThrowsThoughEveryNodeScoresAlone_failsNamingThePluginAndTheBatch() {
    PlacementEngine engine = PlacementEngine.builder().score(new io.edgeplace.api.plugin.ScorePlugin() {
      @Override
      public String name() {
        return "lumpy";
      }

      @Override
      public long score(io.edgeplace.api.plugin.CycleState state, int node) {
        return 5;
      }

      @Override
      public void score(io.edgeplace.api.plugin.CycleState state, int[] nodes, int from, int to, long[] scores) {
        throw new IllegalArgumentException("batches are lumpy");
      }
    }, 1).build();

    assertThatThrownBy(() -> engine.place(cluster("a", "b"), POD)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"lumpy\"").hasMessageContaining("batch of 2 nodes")
        .hasMessageContaining("batches are lumpy");
  }

  @Test
  void scoreOutsideRange_isAPluginBugNamingPluginNodeAndValue() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("greedy", n -> 101), 1).build();

    assertThatThrownBy(() -> engine.place(cluster("a", "b"), POD))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"greedy\"").hasMessageContaining("\"a\"").hasMessageContaining("101")
        .hasMessageContaining("[0, 100]");
  }

  @Test
  void negativeScore_isAPluginBugToo() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("neg", n -> -1), 1).build();

    assertThatThrownBy(() -> engine.place(cluster("a"), POD)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void scorePluginThatThrows_failsThePlacementNamingPluginAndNode() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("broken", n -> {
      throw new ArithmeticException("/ by zero");
    }), 1).build();

    assertThatThrownBy(() -> engine.place(cluster("a"), POD)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("\"broken\"").hasMessageContaining("\"a\"").hasMessageContaining("/ by zero");
  }

  @Test
  void place_byNodeIndices_equalsPlaceByNames_inAnyOrderWithDuplicates() {
    PlacementEngine engine = PlacementEngine.builder()
        .filter(TestPlugins.filter("f", n -> n.equals("b") ? reject("f", "No") : FilterResult.pass()))
        .score(TestPlugins.scorer("s", n -> n.equals("d") ? 90 : 10), 1).build();
    ClusterSnapshot s = cluster("a", "b", "c", "d");

    PlacementResult byIndex = engine.place(s, POD, new int[] {3, 1, 3, 0});
    PlacementResult byName = engine.place(s, POD, List.of("d", "b", "a"));

    assertThat(byIndex.feasibleNodes()).containsExactlyElementsOf(byName.feasibleNodes()).containsExactly("d", "a");
    assertThat(byIndex.candidateCount()).isEqualTo(3);
    assertThat(byIndex.rejections()).containsOnlyKeys("b");
    assertThat(engine.explain(s, POD, new int[] {0, 1, 2, 3}).candidateCount()).isEqualTo(4);
    assertThatThrownBy(() -> engine.place(s, POD, new int[] {0, 4}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node index 4").hasMessageContaining("4 nodes");
  }

  @Test
  void place_restrictedToNames_ignoresUnknownNamesAndDuplicates() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("s", n -> 1), 1).build();

    PlacementResult result = engine.place(cluster("a", "b", "c"), POD, List.of("c", "ghost", "a", "c"));

    assertThat(result.candidateCount()).isEqualTo(2);
    assertThat(result.feasibleNodes()).containsExactlyInAnyOrder("a", "c");
    assertThat(result.verdict("b")).isEmpty();
  }

  @Test
  void place_withNoCandidates_isEmptyNotAnError() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("s", n -> 1), 1).build();

    PlacementResult result = engine.place(cluster("a"), POD, List.of("ghost"));

    assertThat(result.candidateCount()).isZero();
    assertThat(result.best()).isEmpty();
  }

  @Test
  void explain_fillsEveryPluginsNotes_placeDoesNot() {
    PlacementEngine engine = PlacementEngine.builder()
        .filter(TestPlugins.filter("f", n -> FilterResult.pass())).build();

    NodeVerdict explained = engine.explain(cluster("a"), POD).verdict("a").orElseThrow();
    NodeVerdict placed = engine.place(cluster("a"), POD).verdict("a").orElseThrow();

    assertThat(explained.notes()).containsExactly(Map.entry("f", "f saw a"));
    assertThat(placed.notes()).isEmpty();
  }

  @Test
  void verdict_keepsEveryPluginsContribution() {
    PlacementEngine engine = PlacementEngine.builder()
        .score(TestPlugins.scorer("x", n -> 40), 2)
        .score(TestPlugins.scorer("y", n -> 10), 5)
        .build();

    NodeVerdict v = engine.place(cluster("a"), POD).best().orElseThrow();

    assertThat(v.scores()).containsExactly(new PluginScore("x", 40, 2, 80), new PluginScore("y", 10, 5, 50));
    assertThat(v.total()).isEqualTo(130);
    assertThat(v.rank()).isEqualTo(1);
  }

  @Test
  void ties_areBrokenByAStableHashThatSharesWorkloadsEvenlyOverEquallyGoodNodes() {
    String[] names = IntStream.range(0, 20).mapToObj(i -> "n" + i).toArray(String[]::new);
    ClusterSnapshot snapshot = cluster(names);
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("flat", n -> 50), 1).build();

    Map<String, Integer> wins = new java.util.TreeMap<>();
    for (int i = 0; i < 2000; i++) {
      Workload w = Workload.builder("default", "pod-" + i).build();
      List<String> ranking = engine.place(snapshot, w).feasibleNodes();
      if (i < 20) {
        assertThat(engine.place(snapshot, w).feasibleNodes()).as("same workload, same ranking").isEqualTo(ranking);
      }
      wins.merge(ranking.get(0), 1, Integer::sum);
    }

    assertThat(wins).as("best node over 2,000 workloads (fair share 100 each)").hasSize(20)
        .allSatisfy((node, count) -> assertThat(count).as(node).isBetween(60, 140));
  }

  @Test
  void ties_amongAThousandEquallyGoodNodes_areWonAboutEquallyOftenByEveryTenthOfThem() {
    String[] names = IntStream.range(0, 1000).mapToObj(i -> String.format("n%04d", i)).toArray(String[]::new);
    ClusterSnapshot snapshot = cluster(names);
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("flat", n -> 50), 1)
        .parallelismThreshold(Integer.MAX_VALUE).build();

    int[] winsPerTenth = new int[10];
    for (int i = 0; i < 10_000; i++) {
      String best = engine.place(snapshot, Workload.builder("default", "pod-" + i).build()).feasibleNodes().get(0);
      winsPerTenth[Integer.parseInt(best.substring(1)) / 100]++;
    }

    assertThat(java.util.Arrays.stream(winsPerTenth).boxed().toList()).as("wins per tenth (fair share 1,000 each)")
        .allSatisfy(wins -> assertThat(wins).isBetween(850, 1150));
  }

  @Test
  void listener_isToldOfEveryPlacementWithItsDurationOnTheClock() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    List<Instant> ticks = new ArrayList<>(List.of(t0, t0.plusMillis(7)));
    InstantSource clock = () -> ticks.remove(0);
    AtomicReference<Duration> seen = new AtomicReference<>();
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("s", n -> 1), 1)
        .clock(clock).listener((result, elapsed) -> seen.set(elapsed)).build();

    engine.place(cluster("a"), POD);

    assertThat(seen.get()).isEqualTo(Duration.ofMillis(7));
  }

  @Test
  void listenerThatThrows_doesNotFailThePlacement() {
    PlacementEngine engine = PlacementEngine.builder().score(TestPlugins.scorer("s", n -> 1), 1)
        .listener((result, elapsed) -> {
          throw new IllegalStateException("metrics down");
        }).build();

    assertThat(engine.place(cluster("a"), POD).feasibleNodes()).containsExactly("a");
  }
}
