package io.edgeplace.core.topology;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode on loopback. An outage is {@link #stop()}; the server's
 * return is {@link #restart()}: a new, empty CRUD server on the same port, so a client made
 * before keeps talking to it.
 */
final class MockApiServer implements AutoCloseable {
  private KubernetesMockServer server;
  private final int port;

  MockApiServer() {
    this(0);
  }

  private MockApiServer(int port) {
    this.server = start(port);
    this.port = server.getPort();
  }

  /** A server that is not running, on a port that was free: a client of it finds nothing there. */
  static MockApiServer stopped() {
    MockApiServer s = new MockApiServer();
    s.stop();
    return s;
  }

  private static KubernetesMockServer start(int port) {
    KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    s.init(InetAddress.getLoopbackAddress(), port);
    return s;
  }

  /** A client of this port, also valid across {@link #stop()} and {@link #restart()}. */
  KubernetesClient client() {
    return server.createClient();
  }

  void stop() {
    server.destroy();
  }

  /** A new, empty server on the same port. */
  void restart() {
    server = start(port);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
