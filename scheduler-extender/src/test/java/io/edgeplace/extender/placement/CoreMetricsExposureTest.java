package io.edgeplace.extender.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.metrics.CacheMetrics;
import io.edgeplace.core.metrics.InMemoryMetrics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class CoreMetricsExposureTest {

  @Test
  void theCoresStoreTopologyAndCacheMetricsAppearInThePrometheusText() throws Exception {
    InstantSource clock = InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z"));
    ExtenderMetrics metrics = new ExtenderMetrics(
        () -> new Freshness("LIVE", clock.instant(), clock.instant(), "test"), () -> 0, clock);
    InMemoryMetrics core = new InMemoryMetrics();
    metrics.core(core);

    core.snapshotPublished(10, 20);
    core.snapshotPublished(10, 21);
    core.persisted("cluster", 7, 1024, Duration.ofMillis(3));
    core.persistFailed("cluster", new java.io.IOException("No space left on device"));
    core.restored("cluster", 5, Duration.ofMinutes(2));
    core.loadFailed("cluster", "checksum mismatch in cluster.00000006.snap");
    CacheMetrics images = core.cache("image-platforms");
    images.hit();
    images.hit();
    images.miss();
    images.staleServe();
    images.loadSuccess(Duration.ofMillis(40));
    images.loadFailure(Duration.ofSeconds(10), new java.net.http.HttpTimeoutException("request timed out"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.write(out);
    String text = out.toString(StandardCharsets.UTF_8);

    assertThat(text).contains(
        "edgeplace_snapshot_publications_total 2.0",
        "edgeplace_store_saves_total 1.0",
        "edgeplace_store_save_failures_total 1.0",
        "edgeplace_store_generation 7.0",
        "edgeplace_store_restored_generation 5.0",
        "edgeplace_store_load_failures_total 1.0",
        "edgeplace_cache_lookups_total{cache=\"image-platforms\",result=\"hit\"} 2.0",
        "edgeplace_cache_lookups_total{cache=\"image-platforms\",result=\"miss\"} 1.0",
        "edgeplace_cache_lookups_total{cache=\"image-platforms\",result=\"stale\"} 1.0",
        "edgeplace_cache_loads_total{cache=\"image-platforms\",outcome=\"failed\"} 1.0",
        "edgeplace_cache_loads_total{cache=\"image-platforms\",outcome=\"ok\"} 1.0");
  }
}
