package io.edgeplace.extender.placement;

import io.edgeplace.core.metrics.InMemoryMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The extender's Prometheus metrics, in a registry of its own:
 * <ul>
 *   <li>{@code edgeplace_extender_requests_total{verb,outcome}} and
 *       {@code edgeplace_extender_request_duration_seconds{verb,outcome}} (histogram);
 *   <li>{@code edgeplace_extender_rejections_total{plugin,reason}}: nodes rejected by a filter;
 *   <li>{@code edgeplace_extender_bind_refusals_total{reason}}: bindings refused (forged, unfit, stale);
 *   <li>{@code edgeplace_extender_snapshot_age_seconds}, {@code edgeplace_extender_snapshot_ready},
 *       {@code edgeplace_extender_snapshot_state{state}}: freshness;
 *   <li>{@code edgeplace_extender_reservations}: live bandwidth holds;
 *   <li>in live mode, the core's metrics (see {@link #core}): {@code edgeplace_snapshot_publications_total},
 *       {@code edgeplace_store_saves_total}, {@code edgeplace_store_save_failures_total},
 *       {@code edgeplace_store_generation}, {@code edgeplace_store_restored_generation},
 *       {@code edgeplace_store_load_failures_total}, {@code edgeplace_cache_lookups_total{cache,result}},
 *       {@code edgeplace_cache_loads_total{cache,outcome}}.
 * </ul>
 * Outcomes: {@code ok}, {@code error} (a reply carrying an Error), {@code bad_request},
 * {@code too_large}, {@code unavailable}, {@code internal}.
 */
public final class ExtenderMetrics {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Histogram latency;
  private final Counter rejections;
  private final Counter bindRefusals;

  public ExtenderMetrics(Supplier<Freshness> freshness, IntSupplier reservations, InstantSource clock) {
    requests = Counter.builder().name("edgeplace_extender_requests_total")
        .help("Extender requests by verb and outcome").labelNames("verb", "outcome").register(registry);
    latency = Histogram.builder().name("edgeplace_extender_request_duration_seconds")
        .help("Time to answer an extender request, from the body read to the reply written")
        .labelNames("verb", "outcome").classicOnly()
        .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
        .register(registry);
    rejections = Counter.builder().name("edgeplace_extender_rejections_total")
        .help("Candidate nodes rejected by a filter plugin, by plugin and reason")
        .labelNames("plugin", "reason").register(registry);
    bindRefusals = Counter.builder().name("edgeplace_extender_bind_refusals_total")
        .help("Bindings refused: the node did not pass the filter, is unknown, or the pod did not match")
        .labelNames("reason").register(registry);
    GaugeWithCallback.builder().name("edgeplace_extender_snapshot_age_seconds")
        .help("Age of the served cluster snapshot; NaN when none is loaded")
        .callback(cb -> {
          Duration age = freshness.get().age(clock.instant());
          cb.call(age == null ? Double.NaN : age.toMillis() / 1000.0);
        }).register(registry);
    GaugeWithCallback.builder().name("edgeplace_extender_snapshot_ready")
        .help("1 when a snapshot is loaded and served")
        .callback(cb -> cb.call(freshness.get().ready() ? 1 : 0)).register(registry);
    GaugeWithCallback.builder().name("edgeplace_extender_snapshot_state")
        .help("1 for the current freshness state of the snapshot source").labelNames("state")
        .callback(cb -> cb.call(1, freshness.get().state())).register(registry);
    GaugeWithCallback.builder().name("edgeplace_extender_reservations")
        .help("Uplink bandwidth holds currently live")
        .callback(cb -> cb.call(reservations.getAsInt())).register(registry);
  }

  /** Registers {@code edgeplace_extender_cache_write_failing}: 1 while saving to the cache directory fails. */
  public void cacheWriteFailing(IntSupplier failing) {
    GaugeWithCallback.builder().name("edgeplace_extender_cache_write_failing")
        .help("1 while saving snapshots to the cache directory fails (serving goes on from memory), else 0")
        .callback(cb -> cb.call(failing.getAsInt())).register(registry);
  }

  /** Exposes the core's metrics, as {@code recorder} counts them (see the class comment for names). */
  public void core(InMemoryMetrics recorder) {
    CounterWithCallback.builder().name("edgeplace_snapshot_publications_total")
        .help("Cluster snapshots published by the live topology")
        .callback(cb -> cb.call(recorder.snapshotsPublished())).register(registry);
    CounterWithCallback.builder().name("edgeplace_store_saves_total")
        .help("Snapshots saved to the cache directory")
        .callback(cb -> cb.call(recorder.persists())).register(registry);
    CounterWithCallback.builder().name("edgeplace_store_save_failures_total")
        .help("Failed saves to the cache directory (serving goes on from memory)")
        .callback(cb -> cb.call(recorder.persistFailures())).register(registry);
    GaugeWithCallback.builder().name("edgeplace_store_generation")
        .help("Generation of the last snapshot saved to the cache directory; 0 before the first")
        .callback(cb -> cb.call(recorder.lastPersistedGeneration())).register(registry);
    GaugeWithCallback.builder().name("edgeplace_store_restored_generation")
        .help("Generation restored from the cache directory at start-up; 0 when none was")
        .callback(cb -> cb.call(recorder.restoredGeneration())).register(registry);
    CounterWithCallback.builder().name("edgeplace_store_load_failures_total")
        .help("Stored generations found corrupt or unreadable and set aside")
        .callback(cb -> cb.call(recorder.loadFailures())).register(registry);
    CounterWithCallback.builder().name("edgeplace_cache_lookups_total")
        .help("Lookups in the stale-tolerant caches, by cache and result (hit, miss, stale)")
        .labelNames("cache", "result")
        .callback(cb -> recorder.caches().forEach((name, c) -> {
          cb.call(c.hits(), name, "hit");
          cb.call(c.misses(), name, "miss");
          cb.call(c.staleServes(), name, "stale");
        })).register(registry);
    CounterWithCallback.builder().name("edgeplace_cache_loads_total")
        .help("Loads behind the stale-tolerant caches (registry fetches), by cache and outcome")
        .labelNames("cache", "outcome")
        .callback(cb -> recorder.caches().forEach((name, c) -> {
          cb.call(c.loadSuccesses(), name, "ok");
          cb.call(c.loadFailures(), name, "failed");
        })).register(registry);
  }

  /** Records one request. */
  public void request(String verb, String outcome, long nanos) {
    requests.labelValues(verb, outcome).inc();
    latency.labelValues(verb, outcome).observe(nanos / 1e9);
  }

  public void rejection(String plugin, String reason) {
    rejections.labelValues(plugin, reason).inc();
  }

  public void rejections(String plugin, String reason, long count) {
    rejections.labelValues(plugin, reason).inc(count);
  }

  public void bindRefused(String reason) {
    bindRefusals.labelValues(reason).inc();
  }

  /** Writes every metric in the Prometheus text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }

  public String contentType() {
    return writer.getContentType();
  }
}
