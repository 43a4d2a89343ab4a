package io.edgeplace.samples.gate;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;

/**
 * fabric8's mock API server in CRUD mode on loopback, whose outage can be staged: {@link #stop()}
 * takes it off the network, {@link #restart()} brings it back on the same port with the same
 * objects (one CRUD store outlives both servers, as etcd outlives an API server).
 */
final class MockApiServer implements AutoCloseable {
  private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher(List.of());
  private KubernetesMockServer server;
  private final int port;

  MockApiServer() {
    server = start(0);
    port = server.getPort();
  }

  private KubernetesMockServer start(int onPort) {
    KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    s.init(InetAddress.getLoopbackAddress(), onPort);
    return s;
  }

  /** A client of this port that gives up a failed request quickly; valid across outages. */
  KubernetesClient client() {
    return server.createClient(b -> b.editOrNewConfig()
        .withRequestRetryBackoffLimit(1)
        .withRequestRetryBackoffInterval(50)
        .endConfig());
  }

  void stop() {
    destroy(server);
  }

  void restart() {
    server = start(port);
  }

  @Override
  public void close() {
    destroy(server);
  }

  /*
   * A copy of core's MockServers.destroy (in core's test-jar, which a sample does not depend on):
   * keep the two in step.
   *
   * When a client closes a watch just as it opens, fabric8's mock (WatchEventsListener.onClosed)
   * waits for its event executor on Vert.x's only event loop, which stalls for seconds (Vert.x
   * logs "Thread blocked"). Vert.x 5's HttpServer.close() needs that loop to close every
   * connection, so the mock's shutdown gives up after 10 s with "Unable to close MockWebServer"
   * (CI failed on it once, after every assertion had passed). Carry on: the stall ends by itself,
   * and a restart on the same port would fail loudly if the port were still held.
   */
  private static void destroy(KubernetesMockServer server) {
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      if (!"Unable to close MockWebServer".equals(e.getMessage())) {
        throw e;
      }
      System.err.println("mock API server: its connections did not close within 10 s ("
          + e.getCause() + "); carrying on");
    }
  }
}
