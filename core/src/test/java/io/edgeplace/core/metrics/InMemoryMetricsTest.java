package io.edgeplace.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.StaleTolerantCache;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.core.cache.StaleCaches;
import io.edgeplace.core.store.Codecs;
import io.edgeplace.core.store.FileSnapshotStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryMetricsTest {

  @Test
  void theNoOpDefaults_doNothingAndNeverThrow() {
    EdgeplaceMetrics.NOOP.freshnessChanged(new Freshness.Live(Instant.EPOCH));
    EdgeplaceMetrics.NOOP.persistFailed("cluster", new IOException("disk full"));
    EdgeplaceMetrics.NOOP.cache("x").hit();
    assertThat(EdgeplaceMetrics.NOOP.cache("x")).isSameAs(io.edgeplace.api.metrics.CacheMetrics.NOOP);
  }

  @Test
  void storeAndCacheEvents_areCounted(@TempDir Path dir) throws IOException {
    InMemoryMetrics m = new InMemoryMetrics();
    FileSnapshotStore store = FileSnapshotStore.builder(dir).metrics(m).build();
    store.state("notes", Codecs.string()).save("a");
    store.state("notes", Codecs.string()).save("b");
    assertThat(m.persists()).isEqualTo(2);
    assertThat(m.lastPersistedGeneration()).isEqualTo(2);

    Files.writeString(dir.resolve("notes.000000000003.snap"), "garbage");
    assertThat(store.state("notes", Codecs.string()).loadLatest().orElseThrow().value()).isEqualTo("b");
    assertThat(m.loadFailures()).isEqualTo(1);
    assertThat(m.lastFailure()).contains("notes.000000000003.snap");

    try (StaleTolerantCache<String, String> cache = StaleCaches.<String, String>newBuilder().name("lookups")
        .metrics(m).executor(Runnable::run).loader(k -> {
          if (k.equals("bad")) {
            throw new IOException("unreachable");
          }
          return k.toUpperCase();
        }).build()) {
      cache.getIfReady("a");
      cache.getIfReady("a");
      cache.getIfReady("bad");
    }
    InMemoryMetrics.CacheCounts counts = m.caches().get("lookups");
    assertThat(counts).isEqualTo(new InMemoryMetrics.CacheCounts(1, 2, 0, 1, 1, 0));

    m.freshnessChanged(new Freshness.Stale(Instant.EPOCH));
    assertThat(m.freshness().orElseThrow().age(Instant.EPOCH.plusSeconds(5))).isEqualTo(Duration.ofSeconds(5));
  }
}
