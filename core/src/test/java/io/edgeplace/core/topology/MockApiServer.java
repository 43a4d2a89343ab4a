package io.edgeplace.core.topology;

import io.edgeplace.core.testing.MockServers;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
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
  private final List<CustomResourceDefinitionContext> crds;

  MockApiServer() {
    this(List.of());
  }

  /** A server that also serves the custom resources {@code crds}. */
  MockApiServer(List<CustomResourceDefinitionContext> crds) {
    this.crds = crds;
    this.server = start(0, crds);
    this.port = server.getPort();
  }

  /** A server that is not running, on a port that was free: a client of it finds nothing there. */
  static MockApiServer stopped() {
    MockApiServer s = new MockApiServer();
    s.stop();
    return s;
  }

  private static KubernetesMockServer start(int port, List<CustomResourceDefinitionContext> crds) {
    KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(crds), false);
    s.init(InetAddress.getLoopbackAddress(), port);
    crds.forEach(s::expectCustomResource);
    return s;
  }

  /** A client of this port, also valid across {@link #stop()} and {@link #restart()}. */
  KubernetesClient client() {
    return server.createClient();
  }

  void stop() {
    MockServers.destroy(server);
  }

  /** A new, empty server on the same port. */
  void restart() {
    server = start(port, crds);
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    MockServers.destroy(server);
  }
}
