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
 * <p>Build with {@link #builder}; {@link #start()} binds, {@link #stop()} drains and closes.
 */
public final class ExtenderServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;

  private ExtenderServer(Server server, ServerConnector connector, boolean tls) {
    this.server = server;
    this.connector = connector;
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
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.equals("0.0.0.0")) {
      host = "127.0.0.1";
    }
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + port());
  }

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
      QueuedThreadPool pool = new QueuedThreadPool(maxThreads, Math.min(4, maxThreads), 60_000);
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

      ExtenderHandler handler = new ExtenderHandler(service, source, metrics, maxBodyBytes, clock);
      server.setHandler(new GracefulHandler(handler));
      server.setErrorHandler(new JsonErrorHandler());
      return new ExtenderServer(server, connector, tls);
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
