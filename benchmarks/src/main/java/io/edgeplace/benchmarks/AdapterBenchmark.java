package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.core.kube.KubeAdapter;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Converting fabric8 objects into the api records with {@link KubeAdapter}: {@code nodes} nodes
 * and {@code pods} bound pods (kubelet-like nodes with 20 images each, by tag and by a digest
 * that differs per architecture; pods with two containers,
 * bandwidth and traffic-peer annotations and an owner). The target is "well under a second" for
 * 10,000 nodes and 100,000 pods, whole snapshot included.
 *
 * <p>Run: {@code mvn -B -q -o -pl benchmarks -am package -DskipTests &&
 * java -jar benchmarks/target/benchmarks.jar AdapterBenchmark -f 1 -wi 3 -i 5 -w 2 -r 2}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdapterBenchmark {

  @Param({"10000"})
  public int nodes;

  @Param({"100000"})
  public int pods;

  private final KubeAdapter adapter = KubeAdapter.create();
  private List<Node> nodeObjects;
  private List<Pod> podObjects;
  private static final Instant T = Instant.parse("2026-01-15T12:00:00Z");

  @Setup(Level.Trial)
  public void setUp() {
    nodeObjects = new ArrayList<>(nodes);
    String[] archs = {"amd64", "arm64", "arm"};
    for (int i = 0; i < nodes; i++) {
      NodeBuilder b = new NodeBuilder().withNewMetadata().withName("node-" + i)
          .withLabels(Map.of("kubernetes.io/arch", archs[i % 3], "kubernetes.io/os", "linux",
              "kubernetes.io/hostname", "node-" + i, "edgeplace.io/unit", "unit-" + (i / 20),
              "topology.kubernetes.io/region", "region-" + (i / 1000)))
          .withAnnotations(Map.of("edgeplace.io/uplink-bandwidth", "100M", "edgeplace.io/uplink-latency", "40ms",
              "edgeplace.io/network-mode", "public-vxlan", "edgeplace.io/runtime-handlers", "runc,kata",
              "node.alpha.kubernetes.io/ttl", "0"))
          .endMetadata()
          .withNewStatus()
          .withAllocatable(Map.of("cpu", new Quantity("7910m"), "memory", new Quantity("31Gi"),
              "ephemeral-storage", new Quantity("189G"), "pods", new Quantity("110")))
          .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
          .addNewCondition().withType("Ready").withStatus("True").withLastHeartbeatTime("2026-01-15T11:59:30Z").endCondition()
          .endStatus();
      for (int k = 0; k < 20; k++) {
        b.editStatus().addNewImage().withNames("registry.example/app-" + k + "@sha256:" + Integer.toHexString(0x5eed0000 + k * ((i % 3) + 1)),
            "registry.example/app-" + k + ":1." + k).withSizeBytes(10_000_000L * (k + 1)).endImage().endStatus();
      }
      nodeObjects.add(b.build());
    }
    podObjects = new ArrayList<>(pods);
    for (int i = 0; i < pods; i++) {
      podObjects.add(new PodBuilder().withNewMetadata().withName("pod-" + i).withNamespace("ns-" + (i % 50))
          .withLabels(Map.of("app", "app-" + (i % 200), "pod-template-hash", "abc"))
          .withAnnotations(Map.of("kubernetes.io/egress-bandwidth", "1M", "kubernetes.io/ingress-bandwidth", "2M",
              "edgeplace.io/traffic-peers", "app=app-" + ((i + 1) % 200) + ":500k"))
          .addNewOwnerReference().withKind("ReplicaSet").withName("rs-" + (i % 200)).withUid("uid-" + (i % 200))
          .withController(true).endOwnerReference()
          .endMetadata()
          .withNewSpec().withNodeName("node-" + (i % nodes))
          .withContainers(
              new ContainerBuilder().withName("main").withImage("registry.example/app:1").withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("128Mi"))).endResources().build(),
              new ContainerBuilder().withName("sidecar").withImage("registry.example/proxy:1").withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("32Mi")))
                  .withLimits(Map.of("memory", new Quantity("64Mi"))).endResources().build())
          .endSpec()
          .withNewStatus().withPhase("Running").endStatus()
          .build());
    }
  }

  /** Every node, one at a time, as a live topology does on informer events. */
  @Benchmark
  public void nodes(Blackhole bh) {
    for (Node n : nodeObjects) {
      bh.consume(adapter.node(n));
    }
  }

  /** Every bound pod, one at a time. */
  @Benchmark
  public void placedPods(Blackhole bh) {
    for (Pod p : podObjects) {
      bh.consume(adapter.placedPod(p));
    }
  }

  /** The whole snapshot: nodes, units, pods, indexes. */
  @Benchmark
  public ClusterSnapshot snapshot() {
    return adapter.snapshot(nodeObjects, podObjects, List.of(), List.of(), T);
  }
}
