package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.NodeVerdict;
import io.edgeplace.api.PlacementResult;
import io.edgeplace.api.Workload;
import io.edgeplace.core.engine.DefaultPlugins;
import io.edgeplace.core.engine.PlacementEngine;
import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.UnitAffinityPlugin;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ranks one pod against a synthetic edge cluster ({@link SyntheticClusters}) of 100 to 10,000
 * nodes with the plugins of issue 2 (unit affinity, architecture, unit spread, with their
 * default weights) on one thread: the engine's parallelism threshold is
 * {@link Integer#MAX_VALUE}, so every node is evaluated on the benchmark thread. About a tenth of
 * the nodes (linux/arm/v7) are rejected by the architecture filter; the rest are scored and
 * ranked.
 *
 * <p>Target: at most 100 µs a placement at 5,000 nodes (20 ns a node), growing linearly with
 * the node count.
 *
 * <p>Run it from the repository root:
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar EngineBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 * Add {@code -prof gc} to see the allocation per placement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmark {

  @Param({"100", "1000", "5000", "10000"})
  public int nodes;

  private PlacementEngine engine;
  private ClusterSnapshot snapshot;
  private Workload workload;

  @Setup
  public void setUp() {
    engine = PlacementEngine.builder()
        .filter(UnitAffinityPlugin.create())
        .plugin(ArchitecturePlugin.create(), DefaultPlugins.ARCHITECTURE_WEIGHT)
        .score(UnitSpreadPlugin.create(), DefaultPlugins.UNIT_SPREAD_WEIGHT)
        .parallelismThreshold(Integer.MAX_VALUE)
        .build();
    snapshot = SyntheticClusters.cluster(nodes, 42);
    workload = SyntheticClusters.workload();
    PlacementResult check = engine.place(snapshot, workload);
    if (check.feasibleCount() == 0 || check.candidateCount() != nodes) {
      throw new IllegalStateException("the benchmark's cluster is not what it should be: " + check.feasibleCount()
          + " feasible of " + check.candidateCount() + " candidates");
    }
  }

  /** What a scheduler does: place the pod and take the best node (and its verdict). */
  @Benchmark
  public NodeVerdict place() {
    return engine.place(snapshot, workload).best().orElseThrow();
  }

  /**
   * Also orders every feasible node, best first ({@link PlacementResult#feasibleNodes()}); the
   * result sorts only when asked, so this is {@link #place()} plus the sort and the name list.
   */
  @Benchmark
  public List<String> placeAndRankAll() {
    return engine.place(snapshot, workload).feasibleNodes();
  }
}
