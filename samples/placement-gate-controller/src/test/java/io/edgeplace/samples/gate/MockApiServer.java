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
    server.destroy();
  }

  void restart() {
    server = start(port);
  }

  @Override
  public void close() {
    server.destroy();
  }
}
