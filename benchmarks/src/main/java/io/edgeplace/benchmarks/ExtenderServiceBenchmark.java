package io.edgeplace.benchmarks;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.Extender;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.Reply;
import io.edgeplace.extender.wire.JsonBytes;
import io.edgeplace.extender.wire.WireDecoder;
import io.edgeplace.extender.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The extender's own work for one pod without HTTP, as the handler does it: decode the filter
 * request (resolving names against the snapshot), filter, encode;
 * decode the prioritize request, prioritize, encode; the same bodies, snapshot and plugins as
 * {@link ExtenderRoundTripBenchmark}. The round trip minus this is the HTTP path.
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ExtenderServiceBenchmark -f 1 -wi 5 -i 5 -w 2 -r 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class ExtenderServiceBenchmark {

  @Param({"500", "5000"})
  public int nodes;

  private Extender extender;
  private ExtenderService service;
  private WireDecoder decoder;
  private final JsonBytes reply = new JsonBytes(1 << 16);
  private byte[] filter;
  private byte[] filterAllButOne;
  private byte[] prioritize;
  private byte[] prioritizeAfterAllButOne;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ClusterSnapshot snapshot = SyntheticClusters.cluster(nodes, 42);
    extender = Extender.serve(snapshot, new InetSocketAddress("127.0.0.1", 0));
    service = extender.service();
    decoder = WireDecoder.forBodyLimit(16 << 20);
    filter = ExtenderRequests.byName(snapshot);
    List<String> allButOne = new ArrayList<>();
    for (int i = 1; i < snapshot.nodeCount(); i++) {
      allButOne.add(snapshot.node(i).name());
    }
    filterAllButOne = ExtenderRequests.byName(allButOne);
    prioritize = ExtenderRequests.byName(passed(filter));
    prioritizeAfterAllButOne = ExtenderRequests.byName(passed(filterAllButOne));
  }

  /* The names a filter call passes, as kube-scheduler sends them on to prioritize. */
  private List<String> passed(byte[] filterBody) throws WireFormatException {
    Reply f = service.filter(decoder.decodeArgs(filterBody, filterBody.length));
    return ExtenderRequests.passedNames(new String(f.body(), StandardCharsets.UTF_8));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    extender.close();
  }

  /**
   * Filter then prioritize, bytes in, bytes out, on the calling thread, each reply written into
   * one buffer kept between calls, as the server lends its buffers.
   */
  @Benchmark
  public int filterThenPrioritize() throws WireFormatException {
    return filterThenPrioritize(filter, prioritize);
  }

  /**
   * As {@link #filterThenPrioritize()}, but the filter names every node except one, as when
   * kube-scheduler's own filters have dropped a node: the engine gets the other nodes' indices
   * instead of recognising every node.
   */
  @Benchmark
  public int filterAllButOneThenPrioritize() throws WireFormatException {
    return filterThenPrioritize(filterAllButOne, prioritizeAfterAllButOne);
  }

  private int filterThenPrioritize(byte[] filterBody, byte[] prioritizeBody) throws WireFormatException {
    Reply f = service.filter(decoder.decodeArgs(filterBody, filterBody.length, service.nameResolver()), reply);
    int filterLength = f.length();
    Reply p = service.prioritize(decoder.decodeArgs(prioritizeBody, prioritizeBody.length, service.nameResolver()),
        reply);
    if (f.status() != 200 || p.status() != 200) {
      throw new IllegalStateException("status " + f.status() + "/" + p.status());
    }
    return filterLength + p.length();
  }
}
