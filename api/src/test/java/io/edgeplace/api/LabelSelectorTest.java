package io.edgeplace.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  @Test
  void matches_requiresEveryPair() {
    LabelSelector s = new LabelSelector(Map.of("app", "broker", "tier", "edge"));
    assertThat(s.matches(Map.of("app", "broker", "tier", "edge", "x", "y"))).isTrue();
    assertThat(s.matches(Map.of("app", "broker"))).isFalse();
    assertThat(s.matches(Map.of("app", "broker", "tier", "cloud"))).isFalse();
  }

  @Test
  void emptySelector_matchesNothingSoThatAMistypedPeerNeverMeansEverything() {
    assertThat(new LabelSelector(Map.of()).matches(Map.of("app", "x"))).isFalse();
  }

  @Test
  void toString_sortsKeys() {
    assertThat(new LabelSelector(Map.of("tier", "edge", "app", "broker"))).hasToString("app=broker&tier=edge");
    assertThat(new LabelSelector(Map.of("app", "broker"))).hasToString("app=broker");
    assertThat(new LabelSelector(Map.of())).hasToString("");
    assertThat(new LabelSelector(Map.of("c", "3", "a", "1", "b", "2", "app.kubernetes.io/name", "x")))
        .hasToString("a=1&app.kubernetes.io/name=x&b=2&c=3");
  }

  @Test
  void toleration_matchesLikeKubernetes() {
    Taint taint = new Taint("edge", "true", TaintEffect.NO_SCHEDULE);
    assertThat(new Toleration("edge", false, "true", TaintEffect.NO_SCHEDULE).tolerates(taint)).isTrue();
    assertThat(new Toleration("edge", false, "false", null).tolerates(taint)).isFalse();
    assertThat(new Toleration("edge", true, "", null).tolerates(taint)).isTrue();
    assertThat(new Toleration("", true, "", null).tolerates(taint)).isTrue();
    assertThat(new Toleration("edge", true, "", TaintEffect.NO_EXECUTE).tolerates(taint)).isFalse();
  }
}
