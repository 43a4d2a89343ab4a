package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.wire.JsonBytes;
import io.edgeplace.extender.wire.WireDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random candidate lists (any order, duplicates, unknown names, a few nodes or nearly
 * all of a 200-node snapshot) through filter then prioritize, checked against what
 * {@link FakeCore}'s rules say each name gets: the reply lists each name once, the first time
 * it comes, in request order, in the group its outcome puts it in. Prioritize, which reuses the
 * filter's placement, scores each host as a service that never saw the filter does.
 */
class CandidateListsTest {
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z"));
  // a name written twice in one object must fail the test, not be merged away by the reader
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  private static final int NODES = 200;
  private static final ClusterSnapshot SNAPSHOT = FakeCore.snapshot(NODES);

  static LongStream seeds() {
    return LongStream.range(0, 40).map(i -> 0x5eed_0000L + i * 7919);
  }

  private static ExtenderService newService() {
    return FakeCore.service(SnapshotSource.fixed(SNAPSHOT, "a test snapshot", SNAPSHOT.time()), CLOCK);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void filterThenPrioritize_listEachNameOnce_inRequestOrder_inItsGroup(long seed) throws Exception {
    RandomGenerator r = RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
    List<String> names = new ArrayList<>();
    int count = r.nextBoolean() ? 1 + r.nextInt(10) : NODES - r.nextInt(20);
    for (int k = 0; k < count; k++) {
      int pick = r.nextInt(100);
      if (pick < 5) {
        names.add("ghost-" + r.nextInt(4)); // unknown, sometimes twice
      } else if (pick < 12 && !names.isEmpty()) {
        names.add(names.get(r.nextInt(names.size()))); // a duplicate
      } else {
        names.add(FakeCore.name(r.nextInt(NODES)));
      }
    }
    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> unresolvable = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        continue;
      }
      int i = name.startsWith("ghost") ? -1 : Integer.parseInt(name.substring(5));
      if (i < 0 || i % 10 == 7) {
        failed.add(name);
      } else if (i % 10 == 3) {
        unresolvable.add(name);
      } else {
        passed.add(name);
      }
    }

    ExtenderService service = newService();
    WireDecoder decoder = WireDecoder.forBodyLimit(1 << 20);
    JsonBytes buffer = new JsonBytes(16);
    byte[] body = request("p" + seed, names);
    boolean resolve = r.nextBoolean(); // names resolved while decoding, or by the service
    JsonNode filter = json(service.filter(resolve ? decoder.decodeArgs(body, body.length, service.nameResolver())
        : decoder.decodeArgs(body, body.length), buffer));
    assertThat(TestClient.texts(filter.get("NodeNames"))).as("seed %d", seed).isEqualTo(passed);
    assertThat(TestClient.keys(filter.get("FailedNodes"))).as("seed %d", seed).isEqualTo(failed);
    assertThat(TestClient.keys(filter.get("FailedAndUnresolvableNodes"))).as("seed %d", seed).isEqualTo(unresolvable);
    filter.get("FailedNodes").fields().forEachRemaining(e -> assertThat(e.getValue().asText()).as("seed %d", seed)
        .isEqualTo(e.getKey().startsWith("ghost") ? "unknown node: it is not in the extender's cluster snapshot"
            : "fake-bandwidth: uplink has no room"));
    filter.get("FailedAndUnresolvableNodes").fields().forEachRemaining(e -> assertThat(e.getValue().asText())
        .as("seed %d", seed).isEqualTo("fake-arch: node arch does not fit"));

    // kube-scheduler sends prioritize the passed names, here shuffled, with a duplicate and a ghost at times
    List<String> asked = new ArrayList<>(passed);
    java.util.Collections.shuffle(asked, new java.util.Random(seed));
    if (!asked.isEmpty() && r.nextBoolean()) {
      asked.add(asked.get(0));
    }
    if (r.nextBoolean()) {
      asked.add(r.nextInt(asked.size() + 1), "ghost-9");
    }
    if (r.nextBoolean()) {
      // a node the filter was not asked about: the filter's placement does not cover it
      for (int i = 1; i < NODES; i += 10) {
        if (!seen.contains(FakeCore.name(i))) {
          asked.add(r.nextInt(asked.size() + 1), FakeCore.name(i));
          break;
        }
      }
    }
    byte[] prioritize = request("p" + seed, asked);
    JsonNode reused = json(service.prioritize(decoder.decodeArgs(prioritize, prioritize.length,
        service.nameResolver()), buffer));
    ExtenderService fresh = newService();
    JsonNode placedAgain = json(fresh.prioritize(decoder.decodeArgs(prioritize, prioritize.length)));
    assertThat(reused).as("seed %d", seed).isEqualTo(placedAgain);
    Map<String, Long> scores = new LinkedHashMap<>();
    reused.forEach(h -> scores.put(h.get("Host").asText(), h.get("Score").asLong()));
    assertThat(new ArrayList<>(scores.keySet())).as("seed %d", seed)
        .isEqualTo(new ArrayList<>(new java.util.LinkedHashSet<>(asked)));
    assertThat(reused.size()).as("seed %d: each host once", seed).isEqualTo(scores.size());
    if (scores.containsKey("ghost-9")) {
      assertThat(scores.get("ghost-9")).isZero();
    }
    // a higher test/score label never ranks lower (FakeCore scores a node by its label, i % 101)
    Map<Integer, Long> byLabel = new HashMap<>();
    scores.forEach((host, score) -> {
      if (!host.startsWith("ghost")) {
        byLabel.put(Integer.parseInt(host.substring(5)) % 101, score);
      }
    });
    List<Integer> labels = new ArrayList<>(byLabel.keySet());
    labels.sort(null);
    for (int k = 1; k < labels.size(); k++) {
      assertThat(byLabel.get(labels.get(k))).as("seed %d", seed).isGreaterThanOrEqualTo(byLabel.get(labels.get(k - 1)));
    }
  }

  private static byte[] request(String pod, List<String> names) {
    return ExtenderHttpTest.byName(ExtenderHttpTest.pod(pod, ""), names.toArray(String[]::new))
        .getBytes(StandardCharsets.UTF_8);
  }

  private static JsonNode json(io.edgeplace.extender.placement.Reply reply) throws Exception {
    assertThat(reply.status()).as(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return JSON.readTree(reply.buffer(), 0, reply.length());
  }

}
