package io.edgeplace.benchmarks;

import com.sun.net.httpserver.HttpServer;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.core.image.RegistryImagePlatformResolver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A cached image platform lookup: {@link RegistryImagePlatformResolver#lookup} of image
 * references already read from a registry (an OCI index of four platforms served on 127.0.0.1
 * by the benchmark itself), the call the architecture plugin makes once per container per
 * placement. 1,000 distinct references are cycled through, so the cache is exercised beyond one
 * hot entry. {@code kind} picks tag references (refreshed every 10 minutes) or digest references
 * (never refreshed).
 *
 * <p>Target: at most 1 µs a cached lookup. {@code baselineMapGet} reads the same answers from a
 * plain map, for comparison.
 *
 * <p>Run it from the repository root:
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ImageLookupBenchmark -f 1 -wi 3 -i 5 -w 1 -r 1
 * </pre>
 * Add {@code -prof gc} to see the allocation per lookup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ImageLookupBenchmark {

  private static final int IMAGES = 1000;
  private static final String INDEX = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
      + "\"manifests\":["
      + entry("amd64", null) + "," + entry("arm", "v6") + "," + entry("arm", "v7") + "," + entry("arm64", "v8") + "]}";

  /** {@code tag}: {@code host/app-N:1.0}; {@code digest}: {@code host/app-N@sha256:…}. */
  @Param({"tag", "digest"})
  public String kind;

  private HttpServer server;
  private RegistryImagePlatformResolver resolver;
  private String[] references;
  private Map<String, ImagePlatforms> baseline;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] index = INDEX.getBytes(StandardCharsets.UTF_8);
    String digest = digest(index);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.oci.image.index.v1+json");
        exchange.getResponseHeaders().set("Docker-Content-Digest", digest);
        exchange.sendResponseHeaders(200, index.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(index);
        }
      }
    });
    server.start();
    String host = "127.0.0.1:" + server.getAddress().getPort();
    resolver = RegistryImagePlatformResolver.builder().maxConcurrentFetches(8).build();
    references = new String[IMAGES];
    for (int i = 0; i < IMAGES; i++) {
      references[i] = host + "/bench/app-" + i + (kind.equals("digest") ? "@" + digest : ":1.0");
    }
    for (String ref : references) {
      ImagePlatforms p = resolver.resolve(ref).get(30, TimeUnit.SECONDS);
      if (p.source() != ImagePlatforms.Source.REGISTRY || p.platforms().size() != 4) {
        throw new IllegalStateException("the benchmark's registry did not answer as it should for " + ref + ": " + p);
      }
    }
    baseline = new ConcurrentHashMap<>();
    for (String ref : references) {
      baseline.put(ref, resolver.lookup(ref));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    resolver.close();
    server.stop(0);
  }

  /** One cached lookup. */
  @Benchmark
  public ImagePlatforms cachedLookup() {
    int i = next;
    next = i + 1 == IMAGES ? 0 : i + 1;
    return resolver.lookup(references[i]);
  }

  /**
   * A plain {@code ConcurrentHashMap.get} of the same answers: the floor any cache pays, and a
   * gauge of how loaded the machine was while the other figures were taken.
   */
  @Benchmark
  public ImagePlatforms baselineMapGet() {
    int i = next;
    next = i + 1 == IMAGES ? 0 : i + 1;
    return baseline.get(references[i]);
  }

  /** A pod of four containers: four cached lookups, as the architecture plugin's pre-filter makes them. */
  @Benchmark
  @OperationsPerInvocation(4)
  public int fourContainerPod() {
    int i = next;
    next = i + 4 >= IMAGES ? 0 : i + 4;
    return resolver.lookup(references[i]).platforms().size() + resolver.lookup(references[i + 1]).platforms().size()
        + resolver.lookup(references[i + 2]).platforms().size() + resolver.lookup(references[i + 3]).platforms().size();
  }

  private static String entry(String arch, String variant) {
    return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + "0".repeat(63) + "1\","
        + "\"size\":1000,\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\""
        + (variant == null ? "" : ",\"variant\":\"" + variant + "\"") + "}}";
  }

  private static String digest(byte[] body) throws NoSuchAlgorithmException {
    return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
  }
}
