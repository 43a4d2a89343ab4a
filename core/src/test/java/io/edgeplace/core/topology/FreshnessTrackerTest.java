package io.edgeplace.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.topology.Freshness;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshnessTrackerTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant t(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void aRestoredTopology_staysRestoredUntilTheInformersSyncAndWatch() {
    FreshnessTracker f = new FreshnessTracker(new Freshness.Restored(t(-60), 7));
    assertThat(f.poll(t(1), false, false, null)).isFalse();
    assertThat(f.current()).isEqualTo(new Freshness.Restored(t(-60), 7));
    assertThat(f.poll(t(2), true, true, t(2))).isTrue();
    assertThat(f.current()).isEqualTo(new Freshness.Live(t(2)));
  }

  @Test
  void aBrokenWatch_isStaleSinceTheLaterOfTheLastGoodPollAndTheLastEvent() {
    FreshnessTracker f = new FreshnessTracker(new Freshness.Unavailable(T0));
    f.poll(t(1), true, true, null);
    f.poll(t(10), true, true, t(9));
    assertThat(f.poll(t(11), true, false, t(10))).isTrue();
    assertThat(f.current()).isEqualTo(new Freshness.Stale(t(10)));
    assertThat(f.poll(t(20), true, false, t(10))).as("stays stale since the same instant").isFalse();
    assertThat(f.poll(t(30), true, true, t(10))).isTrue();
    assertThat(f.current()).isEqualTo(new Freshness.Live(t(30)));
  }

  @Test
  void aLateEvent_movesTheStaleInstantForward() {
    FreshnessTracker f = new FreshnessTracker(new Freshness.Unavailable(T0));
    f.poll(t(1), true, true, null);
    f.poll(t(2), true, false, t(5));
    assertThat(f.current()).isEqualTo(new Freshness.Stale(t(5)));
  }

  @Test
  void listedButNotWatching_becomesStaleOnlyAfterAGracePeriod() {
    FreshnessTracker f = new FreshnessTracker(new Freshness.Restored(T0, 1));
    assertThat(f.poll(t(3), true, false, null)).as("the watch is about to start").isFalse();
    assertThat(f.poll(t(7), true, false, null)).isFalse();
    assertThat(f.poll(t(9), true, false, null)).isTrue();
    assertThat(f.current()).isEqualTo(new Freshness.Stale(t(3)));
  }

  @Test
  void freshnessAge_isNeverNegative() {
    assertThat(new Freshness.Live(t(10)).age(t(5))).isZero();
    assertThat(new Freshness.Restored(t(0), 1).age(t(5))).hasSeconds(5);
  }
}
