package io.edgeplace.extender;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.core.metrics.InMemoryMetrics;
import io.edgeplace.extender.placement.Binder;
import io.edgeplace.extender.placement.ExtenderMetrics;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.KubeConverter;
import io.edgeplace.extender.placement.Placer;
import io.edgeplace.extender.placement.Reservations;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.server.ExtenderServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running extender: the server and what it needs, closed together. Built from
 * {@link Options} by {@link #start(Options)}, or from parts by {@link #start(Parts, ServerSettings)}.
 */
public final class Extender implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Extender.class);

  private final ExtenderServer server;
  private final ExtenderService service;
  private final List<AutoCloseable> resources;

  private Extender(ExtenderServer server, ExtenderService service, List<AutoCloseable> resources) {
    this.server = server;
    this.service = service;
    this.resources = resources;
  }

  /**
   * What an extender is made of.
   *
   * @param source       the snapshot source
   * @param placer       the engine
   * @param converter    the adapters
   * @param reservations the bandwidth reservation book
   * @param binder       the binder, or null without {@code --bind}
   * @param closeables   what to close when the extender stops (informers, clients), in order
   * @param clock        time
   */
  public record Parts(SnapshotSource source, Placer placer, KubeConverter converter, Reservations reservations,
                      @Nullable Binder binder, List<AutoCloseable> closeables, InstantSource clock) {
    public Parts {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(placer, "placer");
      Objects.requireNonNull(converter, "converter");
      Objects.requireNonNull(reservations, "reservations");
      closeables = List.copyOf(closeables);
      Objects.requireNonNull(clock, "clock");
    }
  }

  /**
   * How to serve.
   *
   * @param listen       the address
   * @param maxBodyBytes the body limit
   * @param tlsCert      PEM certificate chain, or null for plain HTTP
   * @param tlsKey       PEM key, with tlsCert
   * @param clientCa     PEM CA bundle for mutual TLS, or null
   * @param stopTimeout  how long a stop waits for requests in flight
   * @param healthListen a second, plain-HTTP address serving only health, readiness and metrics, or null
   */
  public record ServerSettings(InetSocketAddress listen, int maxBodyBytes, java.nio.file.@Nullable Path tlsCert,
                               java.nio.file.@Nullable Path tlsKey, java.nio.file.@Nullable Path clientCa,
                               Duration stopTimeout, @Nullable InetSocketAddress healthListen) {
    /** Settings without a health listener. */
    public ServerSettings(InetSocketAddress listen, int maxBodyBytes, java.nio.file.@Nullable Path tlsCert,
                          java.nio.file.@Nullable Path tlsKey, java.nio.file.@Nullable Path clientCa,
                          Duration stopTimeout) {
      this(listen, maxBodyBytes, tlsCert, tlsKey, clientCa, stopTimeout, null);
    }

    public static ServerSettings of(Options o) {
      return new ServerSettings(o.listen(), o.maxBodyBytes(), o.tlsCert(), o.tlsKey(), o.clientCa(),
          Duration.ofSeconds(10), o.healthListen());
    }
  }

  /**
   * Assembles the extender the options describe and starts serving.
   *
   * @throws IllegalArgumentException for a bad file (snapshot, config, TLS): exit code 2
   * @throws Exception                when serving cannot start (the port is taken)
   */
  public static Extender start(Options options) throws Exception {
    ExtenderConfig config = options.configFile() == null ? ExtenderConfig.DEFAULTS
        : ExtenderConfig.load(options.configFile());
    Parts parts = CoreParts.create(options, config, InstantSource.system());
    return start(parts, ServerSettings.of(options));
  }

  /**
   * Serves {@code snapshot} over plain HTTP on {@code listen}, with the extender's plugin set at
   * its default weights: the {@code --cluster-snapshot} setup without a file, for benchmarks and
   * embedding.
   */
  public static Extender serve(ClusterSnapshot snapshot, InetSocketAddress listen) throws Exception {
    InstantSource clock = InstantSource.system();
    return start(CoreParts.forSnapshot(snapshot, ExtenderConfig.DEFAULTS, clock),
        new ServerSettings(listen, Options.DEFAULT_MAX_BODY_BYTES, null, null, null, Duration.ofSeconds(10)));
  }

  /** Starts serving {@code parts}. */
  public static Extender start(Parts parts, ServerSettings settings) throws Exception {
    List<AutoCloseable> resources = new ArrayList<>(parts.closeables());
    try {
      ExtenderMetrics metrics = new ExtenderMetrics(parts.source()::freshness, parts.reservations()::size,
          parts.clock());
      metrics.cacheWriteFailing(parts.source()::cacheWriteFailing);
      InMemoryMetrics core = parts.source().coreMetrics();
      if (core != null) {
        metrics.core(core);
      }
      ExtenderService service = new ExtenderService(parts.source(), parts.placer(), parts.converter(),
          parts.reservations(), parts.binder(), metrics, parts.clock());
      ExtenderServer.Builder b = ExtenderServer.builder(service, parts.source(), metrics)
          .listen(settings.listen())
          .maxBodyBytes(settings.maxBodyBytes())
          .stopTimeout(settings.stopTimeout())
          .clock(parts.clock());
      if (settings.tlsCert() != null && settings.tlsKey() != null) {
        b.tls(settings.tlsCert(), settings.tlsKey());
      }
      if (settings.clientCa() != null) {
        b.clientCa(settings.clientCa());
      }
      if (settings.healthListen() != null) {
        b.healthListen(settings.healthListen());
      }
      ExtenderServer server = b.build();
      server.start();
      URI health = server.healthUri();
      LOG.info("edgeplace extender serving on {}{} ({}; bind {})", server.uri(),
          health == null ? "" : ", health, readiness and metrics also on " + health,
          parts.source().freshness().detail(), parts.binder() != null ? "enabled" : "disabled");
      return new Extender(server, service, resources);
    } catch (Exception e) {
      closeAll(resources);
      throw e;
    }
  }

  public URI uri() {
    return server.uri();
  }

  public int port() {
    return server.port();
  }

  /** The plain-HTTP health port's base URI ({@code --health-listen}), or null without one. */
  public @Nullable URI healthUri() {
    return server.healthUri();
  }

  public ExtenderService service() {
    return service;
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops serving (draining requests in flight), then closes informers and clients. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the server failed", e);
    }
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed", c, e);
      }
    }
  }
}
