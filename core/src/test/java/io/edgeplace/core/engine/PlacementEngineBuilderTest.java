package io.edgeplace.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import io.edgeplace.core.testing.TestPlugins;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.UnitAffinityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlacementEngineBuilderTest {

  record Invalid(String description, Consumer<PlacementEngine.Builder> configure, Class<? extends Exception> type,
                 List<String> messageParts) {
    @Override
    public String toString() {
      return description;
    }
  }

  private static final ScorePlugin SCORER = TestPlugins.scorer("s", n -> 0);
  private static final FilterPlugin FILTER = TestPlugins.filter("f", n -> FilterResult.pass());

  static Stream<Invalid> invalidConfigurations() {
    return Stream.of(
        new Invalid("an engine without any plugin is refused at build()", b -> { },
            IllegalStateException.class, List.of("at least one plugin")),
        new Invalid("a weight of 0 is refused, naming the plugin and the value",
            b -> b.score(SCORER, 0), IllegalArgumentException.class, List.of("\"s\"", "is 0", "[1, 100]")),
        new Invalid("a weight of 101 is refused, naming the value",
            b -> b.score(SCORER, 101), IllegalArgumentException.class, List.of("101", "[1, 100]")),
        new Invalid("a negative weight given through plugin(..) is refused",
            b -> b.plugin(ArchitecturePlugin.create(), -3), IllegalArgumentException.class, List.of("-3")),
        new Invalid("two different plugins with one name are refused, naming both classes",
            b -> b.filter(FILTER).filter(TestPlugins.filter("f", n -> FilterResult.pass())),
            IllegalArgumentException.class, List.of("two plugins are named \"f\"")),
        new Invalid("a score plugin and a filter plugin sharing a name are refused",
            b -> b.filter(TestPlugins.filter("s", n -> FilterResult.pass())).score(SCORER, 1),
            IllegalArgumentException.class, List.of("two plugins are named \"s\"")),
        new Invalid("the same filter added twice is refused",
            b -> b.filter(FILTER).filter(FILTER), IllegalArgumentException.class, List.of("\"f\" is added twice")),
        new Invalid("the same score plugin added twice is refused, naming both weights",
            b -> b.score(SCORER, 2).score(SCORER, 3), IllegalArgumentException.class, List.of("weights 2 and 3")),
        new Invalid("a plugin added with plugin(..) after filter(..) is refused",
            b -> b.filter(ArchitecturePlugin.create()).plugin(ArchitecturePlugin.create(), 5),
            IllegalArgumentException.class, List.of("\"architecture\" is added twice")),
        new Invalid("a plugin with a blank name is refused", b -> b.filter(TestPlugins.filter(" ", n -> null)),
            IllegalArgumentException.class, List.of("blank name")),
        new Invalid("a plugin that is neither a filter nor a score plugin is refused",
            b -> b.plugin(() -> "odd", 1), IllegalArgumentException.class, List.of("\"odd\"", "neither")),
        new Invalid("changing the weight of an unknown plugin is refused, listing the score plugins",
            b -> b.score(SCORER, 1).weight("spred", 4), IllegalArgumentException.class, List.of("\"spred\"", "[s]")),
        new Invalid("changing the weight of a filter-only plugin is refused",
            b -> b.filter(FILTER).weight("f", 4), IllegalArgumentException.class, List.of("no score plugin named \"f\"")),
        new Invalid("removing an unknown plugin is refused", b -> b.remove("nope"),
            IllegalArgumentException.class, List.of("\"nope\"")),
        new Invalid("a parallelism threshold of 0 is refused", b -> b.parallelismThreshold(0),
            IllegalArgumentException.class, List.of("parallelismThreshold is 0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigurations")
  void build_refusesInvalidConfiguration(Invalid c) {
    PlacementEngine.Builder b = PlacementEngine.builder();
    assertThatThrownBy(() -> {
      c.configure().accept(b);
      b.build();
    }).isInstanceOf(c.type()).message().contains(c.messageParts());
  }

  @Test
  void plugin_addsEveryRoleAPluginImplements() {
    PlacementEngine engine = PlacementEngine.builder()
        .filter(UnitAffinityPlugin.create())
        .plugin(ArchitecturePlugin.create(), 7)
        .score(UnitSpreadPlugin.create(), 3)
        .build();

    assertThat(engine.filterPlugins()).containsExactly("unit-affinity", "architecture");
    assertThat(engine.scoreWeights()).containsExactly(Map.entry("architecture", 7), Map.entry("unit-spread", 3));
  }

  @Test
  void weightAndRemove_changeTheDefaults() {
    PlacementEngine engine = DefaultPlugins.builder().weight(UnitSpreadPlugin.NAME, 9)
        .remove(UnitAffinityPlugin.NAME).build();

    assertThat(engine.filterPlugins()).containsExactly("sandbox-runtime", "architecture", "unit-connectivity",
        "uplink-bandwidth", "traffic-locality");
    assertThat(engine.scoreWeights()).containsExactly(
        Map.entry("architecture", DefaultPlugins.ARCHITECTURE_WEIGHT),
        Map.entry("unit-connectivity", DefaultPlugins.UNIT_CONNECTIVITY_WEIGHT),
        Map.entry("uplink-bandwidth", DefaultPlugins.UPLINK_BANDWIDTH_WEIGHT),
        Map.entry("traffic-locality", DefaultPlugins.TRAFFIC_LOCALITY_WEIGHT), Map.entry("unit-spread", 9),
        Map.entry("image-pull-cost", DefaultPlugins.IMAGE_PULL_COST_WEIGHT));
  }

  @Test
  void build_doesNotAlterTheBuilder() {
    PlacementEngine.Builder b = PlacementEngine.builder().score(SCORER, 2);
    PlacementEngine first = b.build();
    PlacementEngine second = b.filter(FILTER).build();

    assertThat(first.filterPlugins()).isEmpty();
    assertThat(second.filterPlugins()).containsExactly("f");
    assertThat(second.scoreWeights()).containsExactly(Map.entry("s", 2));
  }

  @Test
  void defaultPlugins_areSharedStatelessInstances() {
    assertThat(ArchitecturePlugin.create()).isSameAs(ArchitecturePlugin.create());
    assertThat(UnitAffinityPlugin.create()).isSameAs(UnitAffinityPlugin.create());
    assertThat(UnitSpreadPlugin.create()).isSameAs(UnitSpreadPlugin.create());
  }
}
