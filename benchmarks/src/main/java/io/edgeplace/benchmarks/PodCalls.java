package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What kube-scheduler sends an extender for one pod, {@code POST /filter} naming every node and
 * then {@code POST /prioritize} naming the nodes the filter passed, ready to send to one server
 * with each client the extender benchmarks compare: the JDK's {@link HttpClient} as built by
 * default, the JDK client completing responses on its selector thread
 * ({@code executor(Runnable::run)}), and the blocking socket client ({@link ExtenderSocketClient}).
 * Each send checks both statuses and returns the two bodies' total length.
 */
final class PodCalls implements AutoCloseable {
  final byte[] filterBody;
  final byte[] prioritizeBody;
  private final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final HttpClient jdkDirect = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .executor(Runnable::run).build();
  private final HttpRequest filter;
  private final HttpRequest prioritize;
  private final ExtenderSocketClient socket;
  private final byte[] socketFilter;
  private final byte[] socketPrioritize;

  private PodCalls(URI base, byte[] filterBody, byte[] prioritizeBody) throws IOException {
    this.filterBody = filterBody;
    this.prioritizeBody = prioritizeBody;
    filter = post(base.resolve("/filter"), filterBody);
    prioritize = post(base.resolve("/prioritize"), prioritizeBody);
    socket = new ExtenderSocketClient(base);
    socketFilter = socket.post("/filter", filterBody);
    socketPrioritize = socket.post("/prioritize", prioritizeBody);
  }

  /** The two calls with the given bodies, to the server at {@code base}. */
  static PodCalls of(URI base, byte[] filterBody, byte[] prioritizeBody) throws IOException {
    return new PodCalls(base, filterBody, prioritizeBody);
  }

  /**
   * The two calls for {@code snapshot}'s nodes to the extender at {@code base}: the prioritize
   * body names what that extender's filter passes, which must be at least a quarter of the nodes.
   */
  static PodCalls against(URI base, ClusterSnapshot snapshot) throws IOException {
    return against(base, ExtenderRequests.byName(snapshot), snapshot.nodeCount());
  }

  /**
   * The two calls for the named nodes ({@code filterBody} names {@code nodes} of them) to the
   * extender at {@code base}, the prioritize body naming what its filter passes.
   */
  static PodCalls against(URI base, byte[] filterBody, int nodes) throws IOException {
    String passed;
    try (ExtenderSocketClient first = new ExtenderSocketClient(base)) {
      int status = first.send(first.post("/filter", filterBody));
      passed = new String(first.body(), StandardCharsets.UTF_8);
      if (status != 200) {
        throw new IllegalStateException("filter answered " + status + ": " + passed);
      }
    }
    List<String> names = ExtenderRequests.passedNames(passed);
    if (names.size() < nodes / 4) {
      throw new IllegalStateException("only " + names.size() + " of " + nodes + " nodes pass the filter: "
          + passed.substring(0, Math.min(2000, passed.length())));
    }
    return new PodCalls(base, filterBody, ExtenderRequests.byName(names));
  }

  private static HttpRequest post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** Both calls with the JDK client as built by default. */
  int jdk() throws IOException, InterruptedException {
    return send(jdk);
  }

  /** Both calls with the JDK client that completes responses on its selector thread. */
  int jdkDirect() throws IOException, InterruptedException {
    return send(jdkDirect);
  }

  private int send(HttpClient c) throws IOException, InterruptedException {
    HttpResponse<byte[]> f = c.send(filter, HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> p = c.send(prioritize, HttpResponse.BodyHandlers.ofByteArray());
    check(f.statusCode(), p.statusCode());
    return f.body().length + p.body().length;
  }

  /** Both calls with the socket client. */
  int socket() throws IOException {
    int f = socket.send(socketFilter);
    int length = socket.bodyLength();
    int p = socket.send(socketPrioritize);
    check(f, p);
    return length + socket.bodyLength();
  }

  /** The two replies, as the socket client reads them. */
  byte[][] replies() throws IOException {
    int f = socket.send(socketFilter);
    byte[] filterReply = socket.body();
    int p = socket.send(socketPrioritize);
    check(f, p);
    return new byte[][] {filterReply, socket.body()};
  }

  private static void check(int filterStatus, int prioritizeStatus) {
    if (filterStatus != 200 || prioritizeStatus != 200) {
      throw new IllegalStateException("status " + filterStatus + "/" + prioritizeStatus);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
