package io.edgeplace.extender.server;

import io.edgeplace.extender.placement.ExtenderMetrics;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.SnapshotSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The extender's HTTP(S) server: Jetty 12 with one connector, a bounded thread pool sized for
 * small machines, TLS 1.2+ (optionally requiring client certificates signed by a given CA), and
 * a graceful stop that lets requests in flight finish.
 *
 * <p>Optionally a second, plain-HTTP connector (the health port, {@link Builder#healthListen})
 * serves {@code GET /healthz}, {@code /readyz} and {@code /metrics} and answers every other path
 * with a JSON 404: it is what kubelet probes and Prometheus reach when the main connector requires
 * client certificates, which they do not carry. It never serves the placement endpoints.
 *
 * <p>Build with {@link #builder}; {@link #start()} binds, {@link #stop()} drains and closes.
 */
public final class ExtenderServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final @Nullable ServerConnector healthConnector;
  private final boolean tls;

  private ExtenderServer(Server server, ServerConnector connector, @Nullable ServerConnector healthConnector,
                         boolean tls) {
    this.server = server;
    this.connector = connector;
    this.healthConnector = healthConnector;
    this.tls = tls;
  }

  public static Builder builder(ExtenderService service, SnapshotSource source, ExtenderMetrics metrics) {
    return new Builder(service, source, metrics);
  }

  public void start() throws Exception {
    server.start();
  }

  /** Stops accepting, waits up to the stop timeout for requests in flight, then closes. */
  public void stop() throws Exception {
    server.stop();
  }

  @Override
  public void close() throws Exception {
    stop();
  }

  /** Blocks until the server has stopped. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** The base URI, such as {@code https://127.0.0.1:8888}. */
  public URI uri() {
    return uri(connector, tls ? "https" : "http");
  }

  /** The health port's base URI (always plain HTTP), such as {@code http://127.0.0.1:8889}, or null without one. */
  public @Nullable URI healthUri() {
    return healthConnector == null ? null : uri(healthConnector, "http");
  }

  private static URI uri(ServerConnector c, String scheme) {
    String host = c.getHost() == null ? "127.0.0.1" : c.getHost();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create(scheme + "://" + host + ":" + c.getLocalPort());
  }

  /** The most connections open at once on the health port. */
  static final int HEALTH_MAX_CONNECTIONS = 16;

  /** Builds an {@link ExtenderServer}; every setter checks its value at once. */
  public static final class Builder {
    private final ExtenderService service;
    private final SnapshotSource source;
    private final ExtenderMetrics metrics;
    private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8888);
    private int maxBodyBytes = 16 << 20;
    private int maxThreads = Math.max(8, Math.min(32, 4 * Runtime.getRuntime().availableProcessors()));
    private int maxConnections = 256;
    private Duration stopTimeout = Duration.ofSeconds(10);
    private InstantSource clock = InstantSource.system();
    private @Nullable Path certFile;
    private @Nullable Path keyFile;
    private @Nullable Path clientCaFile;
    private @Nullable InetSocketAddress healthListen;

    private Builder(ExtenderService service, SnapshotSource source, ExtenderMetrics metrics) {
      this.service = Objects.requireNonNull(service, "service");
      this.source = Objects.requireNonNull(source, "source");
      this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public Builder listen(InetSocketAddress address) {
      this.listen = Objects.requireNonNull(address, "address");
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("max body bytes " + bytes + " is below 1024; a Pod alone needs more");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder maxThreads(int threads) {
      if (threads < 4) {
        throw new IllegalArgumentException("max threads " + threads + " is below 4");
      }
      this.maxThreads = threads;
      return this;
    }

    /** The most connections open at once; more wait in the accept queue. */
    public Builder maxConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("max connections " + connections + " is below 1");
      }
      this.maxConnections = connections;
      return this;
    }

    public Builder stopTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("stop timeout " + timeout + " is negative");
      }
      this.stopTimeout = timeout;
      return this;
    }

    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Serve HTTPS with a PEM certificate chain and key. */
    public Builder tls(Path certFile, Path keyFile) {
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    /** Require client certificates signed by a CA in this PEM file (needs {@link #tls}). */
    public Builder clientCa(Path caFile) {
      this.clientCaFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /**
     * Also serve {@code GET /healthz}, {@code /readyz} and {@code /metrics} (and nothing else)
     * over plain HTTP on this address, whatever TLS the main listener uses.
     */
    public Builder healthListen(InetSocketAddress address) {
      this.healthListen = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * Builds the server (not started).
     *
     * @throws IllegalArgumentException when a TLS file cannot be read or does not fit
     */
    public ExtenderServer build() {
      if (clientCaFile != null && certFile == null) {
        throw new IllegalArgumentException("--client-ca needs --tls-cert and --tls-key: mutual TLS needs TLS");
      }
      // Load is bounded by the connection limit below, not by a bounded job queue: Jetty's own
      // tasks must never be dropped.
      // the health connector's acceptor and selector get threads of their own
      int threads = maxThreads + (healthListen != null ? 2 : 0);
      QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(4, threads), 60_000);
      pool.setName("extender");
      Server server = new Server(pool);
      server.setStopTimeout(stopTimeout.toMillis());
      server.setStopAtShutdown(false);

      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendDateHeader(false);
      ServerConnector connector;
      boolean tls = certFile != null;
      if (tls) {
        SslContextFactory.Server ssl = sslContextFactory();
        SecureRequestCustomizer src = new SecureRequestCustomizer();
        src.setSniHostCheck(false);
        http.addCustomizer(src);
        connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"),
            new HttpConnectionFactory(http));
      } else {
        connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      }
      connector.setHost(listen.getHostString());
      connector.setPort(listen.getPort());
      connector.setIdleTimeout(120_000);
      server.addConnector(connector);
      server.addBean(new NetworkConnectionLimit(maxConnections, connector));

      ServerConnector health = null;
      if (healthListen != null) {
        HttpConfiguration plain = new HttpConfiguration();
        plain.setSendServerVersion(false);
        plain.setSendDateHeader(false);
        health = new ServerConnector(server, 1, 1, new HttpConnectionFactory(plain));
        health.setName("health");
        health.setHost(healthListen.getHostString());
        health.setPort(healthListen.getPort());
        health.setIdleTimeout(30_000);
        server.addConnector(health);
        // probes and scrapes need a few connections; a flood here cannot take the main port's
        server.addBean(new NetworkConnectionLimit(HEALTH_MAX_CONNECTIONS, health));
      }

      ExtenderHandler handler = new ExtenderHandler(service, source, metrics, maxBodyBytes, clock, health);
      server.setHandler(new GracefulHandler(handler));
      server.setErrorHandler(new JsonErrorHandler());
      return new ExtenderServer(server, connector, health, tls);
    }

    private SslContextFactory.Server sslContextFactory() {
      Path cert = Objects.requireNonNull(certFile);
      Path key = Objects.requireNonNull(keyFile);
      List<X509Certificate> chain = PemTls.certificates(cert);
      PrivateKey privateKey = PemTls.privateKey(key);
      KeyStore ks = PemTls.keyStore(privateKey, chain, key, cert);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(ks);
      ssl.setKeyStorePassword(new String(PemTls.STORE_PASSWORD));
      ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
      if (clientCaFile != null) {
        ssl.setTrustStore(PemTls.trustStore(PemTls.certificates(clientCaFile)));
        ssl.setNeedClientAuth(true);
      }
      return ssl;
    }
  }
}
