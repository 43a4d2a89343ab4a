package io.edgeplace.extender;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.engine.PluginThresholds;
import io.edgeplace.core.kube.AdapterConfig;
import io.edgeplace.core.reservation.BandwidthReservations;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Fuzzes the {@code --config} file reader and what the extender does with a config it accepted:
 * for any bytes, {@link ExtenderConfig#parse} returns a config or throws
 * {@link IllegalArgumentException} whose one message starts with {@code "config <name>"}; a
 * config it returns holds only weights in [1, 100], non-blank names, a TTL between 1 s and
 * 24 h and thresholds within their documented ranges; turning it into adapter settings and an engine (as {@code CoreParts} does) either works
 * or throws {@link IllegalArgumentException} (or the engine builder's
 * {@link IllegalStateException}) with a message, nothing else.
 *
 * <p>Regression inputs: {@code ExtenderConfigFuzzTestInputs/parse/}. Fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl scheduler-extender -am verify -Dtest='ExtenderConfigFuzzTest#parse'}.
 */
class ExtenderConfigFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    ExtenderConfig config;
    try {
      config = ExtenderConfig.parse("fuzz.yaml", data);
    } catch (IllegalArgumentException e) {
      check(e.getMessage() != null && e.getMessage().startsWith("config fuzz.yaml"),
          "error does not name the file: " + e.getMessage());
      return;
    }
    config.weights().forEach((name, w) -> check(w >= 1 && w <= 100, "weight " + name + "=" + w));
    config.disabledPlugins().forEach(n -> check(!n.isBlank(), "blank disabled plugin"));
    config.unitLabels().forEach(n -> check(!n.isBlank(), "blank unit label"));
    check(config.defaultUnit() == null || !config.defaultUnit().isBlank(), "blank default unit");
    Duration ttl = config.reservationTtl();
    check(ttl == null || (ttl.compareTo(Duration.ofSeconds(1)) >= 0 && ttl.compareTo(Duration.ofHours(24)) <= 0),
        "ttl " + ttl);
    PluginThresholds t = config.thresholds();
    Duration stale = t.unitHealth().staleAfter();
    Duration evict = t.unitHealth().evictionAfter();
    check(stale.compareTo(ThresholdKeys.MIN_DURATION) >= 0 && stale.compareTo(ThresholdKeys.MAX_DURATION) <= 0
        && evict.compareTo(stale) >= 0 && evict.compareTo(ThresholdKeys.MAX_DURATION) <= 0, "unit health " + t);
    check(t.defaultImageBytes() > 0 && t.defaultImageBytes() <= ThresholdKeys.MAX_IMAGE_BYTES, "image size " + t);
    check(t.unlimitedUplinkBitsPerSecond() > 0 && t.unlimitedUplinkBitsPerSecond() <= ThresholdKeys.MAX_UPLINK,
        "assumed uplink " + t);
    check(t.compatibleScore() >= 0 && t.compatibleScore() <= 100, "compatible score " + t);
    // what CoreParts does with it (Options is left out: Jazzer's instrumentation breaks records
    // with nested types, NoSuchFieldError in their constructors)
    try {
      AdapterConfig.Builder adapter = AdapterConfig.builder();
      if (!config.unitLabels().isEmpty()) {
        adapter.unitLabels(config.unitLabels());
      }
      if (config.defaultUnit() != null) {
        adapter.defaultUnit(config.defaultUnit());
      }
      adapter.build();
    } catch (IllegalArgumentException e) {
      check(e.getMessage() != null && !e.getMessage().isEmpty(), "adapter error without a message");
    }
    try {
      PlacementEngine.Builder b = ExtenderPlugins.builder(ImagePlatformResolver.NONE,
          BandwidthReservations.create(InstantSource.system()), config.thresholds());
      config.disabledPlugins().forEach(b::remove);
      config.weights().forEach(b::weight);
      b.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      check(e.getMessage() != null && !e.getMessage().isEmpty(), "engine error without a message");
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException(what);
    }
  }
}
