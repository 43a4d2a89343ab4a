package io.edgeplace.extender.reliability;

import io.edgeplace.core.testing.MockServers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's mock API server in CRUD mode on 127.0.0.1 that can go away and come back on the same
 * port ({@link #stop()}, {@link #restart()}: a new, empty CRUD server), so an extender started
 * with a kubeconfig naming {@link #url()} keeps talking to it.
 */
public final class LiveApi implements AutoCloseable {
  private KubernetesMockServer server;
  private final int port;

  public LiveApi() {
    server = start(0);
    port = server.getPort();
  }

  private static KubernetesMockServer start(int port) {
    KubernetesMockServer s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new KubernetesCrudDispatcher(List.of()), false);
    s.init(InetAddress.getLoopbackAddress(), port);
    return s;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** A client of the current server (make a new one after {@link #restart()}). */
  public KubernetesClient client() {
    return server.createClient();
  }

  void stop() {
    MockServers.destroy(server);
  }

  void restart() {
    server = start(port);
  }

  /** The requests the current server received so far (drains them). */
  List<RecordedRequest> takeRequests() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      out.add(r);
    }
    return out;
  }

  /** Creates generated nodes {@code 0 .. count-1}. */
  void createNodes(int count) {
    try (KubernetesClient c = client()) {
      Instant now = Instant.now();
      for (int i = 0; i < count; i++) {
        Node n = c.getKubernetesSerialization().unmarshal(Fixtures.node(i, now).toString(), Node.class);
        c.nodes().resource(n).create();
      }
    }
  }

  @Override
  public void close() {
    MockServers.destroy(server);
  }
}
