package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import io.edgeplace.extender.wire.NameResolver;
import io.edgeplace.extender.wire.ExtenderArgs;
import io.edgeplace.extender.wire.WireDecoder;
import io.edgeplace.extender.wire.WireFormatException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetSocketAddress;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reading an {@code ExtenderArgs} body with the extender's streaming decoder ({@link #decode()}, and
 * {@link #decodeResolvingNames()} as the server does it, names to node indices): node names
 * ({@code nodeCacheCapable}) or full Node objects (about 2.5 KB each), 500 and 5,000 of them. The
 * decoder keeps the Pod and each Node as raw slices; {@link #decodePodWithFabric8()} measures
 * turning the Pod slice into a fabric8 {@code Pod} (Jackson 3, as the adapters need it).
 *
 * <p>Run it from the repository root:
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderArgsDecodeBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 * Compare with the round trip ({@link ExtenderRoundTripBenchmark}): names decode in a small part
 * of its 0.5 ms budget.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class ExtenderArgsDecodeBenchmark {

  /** What the candidates are sent as. */
  public enum Candidates { NAMES, NODE_OBJECTS }

  @Param({"500", "5000"})
  public int nodes;

  @Param({"NAMES", "NODE_OBJECTS"})
  public Candidates candidates;

  private byte[] body;
  private WireDecoder decoder;
  private ExtenderArgs decoded;
  private KubernetesSerialization serialization;
  private Extender extender;
  private NameResolver resolver;

  @Setup
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    body = candidates == Candidates.NAMES ? ExtenderRequests.byName(snapshot) : ExtenderRequests.withNodes(snapshot);
    decoder = WireDecoder.forBodyLimit(256L << 20);
    decoded = decoder.decodeArgs(body, body.length);
    if (decoded.candidateCount() != nodes) {
      throw new IllegalStateException("decoded " + decoded.candidateCount() + " candidates of " + nodes);
    }
    serialization = new KubernetesSerialization();
    extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
    resolver = java.util.Objects.requireNonNull(extender.service().nameResolver());
  }

  @TearDown
  public void tearDown() {
    extender.close();
  }

  /**
   * The whole body as the server decodes it: names resolved to node indices against the
   * snapshot while parsing, no string made for a name the snapshot knows.
   */
  @Benchmark
  public ExtenderArgs decodeResolvingNames() throws WireFormatException {
    return decoder.decodeArgs(body, body.length, resolver);
  }

  /** The whole body, streaming. */
  @Benchmark
  public ExtenderArgs decode() throws WireFormatException {
    return decoder.decodeArgs(body, body.length);
  }

  /** The Pod slice into a fabric8 Pod. */
  @Benchmark
  public Pod decodePodWithFabric8() {
    return serialization.unmarshal(decoded.pod().stream(), Pod.class);
  }
}
