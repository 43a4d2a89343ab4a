package io.edgeplace.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.Subscription;
import io.edgeplace.api.topology.TopologyListener;
import io.edgeplace.api.topology.TopologySource;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.topology.KubernetesTopologySource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A topology change published while the controller decides on a pod (after it read the view,
 * before it records the pod as waiting) must not be lost: the pod is tried again at once instead
 * of waiting for a change that already came.
 */
class TopologyRaceTest {

  /* A live topology whose first read by the controller returns an older, unavailable view, and
   * publishes the live one to its listeners just before returning: the race, made certain. */
  private static final class RacingTopology implements TopologySource {
    private final TopologySource live;
    private final AtomicBoolean raced = new AtomicBoolean();
    private final List<TopologyListener> listeners = new CopyOnWriteArrayList<>();

    RacingTopology(TopologySource live) {
      this.live = live;
    }

    @Override
    public TopologyView current() {
      if (raced.compareAndSet(false, true)) {
        Instant now = Instant.now();
        TopologyView before = new TopologyView(ClusterSnapshot.empty(now), new Freshness.Unavailable(now), 0);
        listeners.forEach(l -> l.onChange(live.current()));
        return before;
      }
      return live.current();
    }

    @Override
    public Subscription subscribe(TopologyListener listener) {
      listeners.add(listener);
      return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
    }
  }

  @Test
  void aTopologyThatGoesLiveWhileAPodIsDecided_releasesThePod() throws Exception {
    try (MockApiServer server = new MockApiServer(); KubernetesClient client = server.client()) {
      SampleFleet.createOn(client);
      try (KubernetesTopologySource live = KubernetesTopologySource.builder(client).pollInterval(Duration.ofMillis(50))
          .watchNodePools(false).build().start()) {
        Await.until("the topology is live", Duration.ofSeconds(30),
            () -> live.current().freshness().kind() == Freshness.Kind.LIVE, () -> live.current().toString());
        RacingTopology racing = new RacingTopology(live);
        try (PlacementGateController controller = PlacementGateController.builder(client, racing)
            .retryBackoff(Duration.ofMillis(100)).build().start()) {
          client.pods().resource(SampleFleet.gatedPod("racer", Map.of(WellKnownKeys.PLATFORMS, "linux/arm64")))
              .create();
          Await.until("the pod is released", Duration.ofSeconds(30), () -> {
            Pod pod = client.pods().inNamespace("shops").withName("racer").get();
            return pod.getSpec().getSchedulingGates().isEmpty();
          }, () -> String.valueOf(controller.status()));
          assertThat(racing.raced).as("the controller read the racing view").isTrue();
        }
      }
    }
  }
}
