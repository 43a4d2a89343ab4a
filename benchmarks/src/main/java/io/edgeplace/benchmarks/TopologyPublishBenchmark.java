package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import io.edgeplace.api.PlacedPod;
import io.edgeplace.api.topology.Freshness;
import io.edgeplace.api.topology.TopologyView;
import io.edgeplace.core.kube.KubeAdapter;
import io.edgeplace.core.topology.PodChanges;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Publishing a topology after one pod changes, at {@code nodes} nodes with 10 pods each (default
 * 10,000 nodes, 100,000 pods): what {@code KubernetesTopologySource} does under its lock for one
 * informer event ({@link PodChanges#applied}: convert the fabric8 pod once, then
 * {@link ClusterSnapshot#withPod}), plus building the {@link TopologyView} and writing it to a
 * volatile field. Compared with the 1 ms budget of issue 4.
 *
 * <ul>
 *   <li>{@code podUpdated}: an existing pod's requests change (remove and add).</li>
 *   <li>{@code podBoundThenDeleted}: a new pod is bound, then deleted (two publications).</li>
 *   <li>{@code leaseRenewalsBatched}: one poll's node Lease renewals ({@code renewals} nodes, 250
 *       by default: 10,000 kubelets renewing every 10 s, polled every 250 ms) applied as new
 *       heartbeats with one {@link ClusterSnapshot#withNodes}, as the source does;
 *       {@code leaseRenewalsOneByOne} the same with {@link ClusterSnapshot#withNode} per node.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar TopologyPublishBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1}; add
 * {@code -prof gc} for the allocation per publication.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class TopologyPublishBenchmark {

  @Param({"10000"})
  public int nodes;

  @Param({"250"})
  public int renewals;

  private final KubeAdapter adapter = KubeAdapter.create();
  private final Instant now = Instant.parse("2026-01-01T00:00:01Z");
  private ClusterSnapshot base;
  private Pod[] updates;
  private Pod fresh;
  private int next;
  private long version;
  private volatile TopologyView published;

  @Setup
  public void setUp() {
    base = SnapshotStoreBenchmark.fleet(nodes, 10, 42);
    PlacedPod victim = base.pods().get(base.podCount() / 2);
    updates = new Pod[] {pod(victim, "300m"), pod(victim, "400m")};
    fresh = pod(new PlacedPod("bench", "fresh-pod", base.node(base.nodeCount() / 3).name(), Map.of("app", "fresh"),
        null, victim.requests(), 0, 0, java.util.List.of()), "250m");
    published = new TopologyView(base, new Freshness.Live(now), 0);
  }

  private Node[] renewed(int round) {
    ClusterSnapshot s = published.snapshot();
    Node[] out = new Node[renewals];
    int stride = Math.max(1, s.nodeCount() / renewals);
    for (int k = 0; k < renewals; k++) {
      Node n = s.node((k * stride + round) % s.nodeCount());
      out[k] = n.toBuilder().lastHeartbeat(now.plusSeconds(round)).build();
    }
    return out;
  }

  private static Pod pod(PlacedPod p, String cpu) {
    return new PodBuilder()
        .withNewMetadata().withNamespace(p.namespace()).withName(p.name()).withLabels(p.labels()).endMetadata()
        .withNewSpec().withNodeName(p.nodeName())
        .addNewContainer().withName("app").withImage("registry.example.com/app:1.0")
        .withNewResources().withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity("128Mi")))
        .endResources().endContainer().endSpec()
        .withNewStatus().withPhase("Running").endStatus()
        .build();
  }

  private TopologyView publish(ClusterSnapshot s) {
    TopologyView v = new TopologyView(s, published.freshness(), ++version);
    published = v;
    return v;
  }

  @Benchmark
  public TopologyView podUpdated() {
    Pod pod = updates[next++ & 1];
    return publish(PodChanges.applied(published.snapshot(), pod, adapter, now));
  }

  @Benchmark
  public TopologyView leaseRenewalsBatched() {
    return publish(published.snapshot().withNodes(java.util.Arrays.asList(renewed(++next))));
  }

  @Benchmark
  public TopologyView leaseRenewalsOneByOne() {
    ClusterSnapshot s = published.snapshot();
    for (Node n : renewed(++next)) {
      s = s.withNode(n);
    }
    return publish(s);
  }

  @Benchmark
  public TopologyView podBoundThenDeleted() {
    publish(PodChanges.applied(published.snapshot(), fresh, adapter, now));
    return publish(PodChanges.deleted(published.snapshot(), fresh, now));
  }
}
