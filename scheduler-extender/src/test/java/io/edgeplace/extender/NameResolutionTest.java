package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.extender.placement.ExtenderService;
import io.edgeplace.extender.placement.Freshness;
import io.edgeplace.extender.placement.Reply;
import io.edgeplace.extender.placement.SnapshotSource;
import io.edgeplace.extender.wire.ExtenderArgs;
import io.edgeplace.extender.wire.NameResolver;
import io.edgeplace.extender.wire.WireDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Candidate names resolved to node indices while decoding: a request decoded against an older
 * node generation is resolved again by name, and a request naming every node (placed without
 * names) answers as one naming them one by one.
 */
class NameResolutionTest {
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-11-25T12:00:00Z"));
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<ClusterSnapshot> current = new AtomicReference<>(FakeCore.snapshot(20));
  private final SnapshotSource source = new SnapshotSource() {
    @Override
    public @Nullable ClusterSnapshot current() {
      return current.get();
    }

    @Override
    public Freshness freshness() {
      return new Freshness("STATIC", current.get().time(), current.get().time(), "a test snapshot");
    }
  };
  private final ExtenderService service = FakeCore.service(source, CLOCK);
  private final WireDecoder decoder = WireDecoder.forBodyLimit(1 << 20);

  private static byte[] request(String... names) {
    return ExtenderHttpTest.byName(ExtenderHttpTest.pod("a", ""), names).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void namesDecodedAgainstAnOlderNodeGeneration_areResolvedAgainByName() throws Exception {
    byte[] body = request(FakeCore.name(1), FakeCore.name(3), FakeCore.name(25), FakeCore.name(2));
    NameResolver before = service.nameResolver();
    ExtenderArgs stale = decoder.decodeArgs(body, body.length, before);
    assertThat(stale.resolved()).isNotNull();
    assertThat(stale.resolved().node(2)).as("node 25 is not in the 20-node snapshot").isEqualTo(-1);

    current.set(FakeCore.snapshot(30));
    assertThat(service.nameResolver()).isNotSameAs(before);
    Reply staleReply = service.filter(stale);
    Reply freshReply = service.filter(decoder.decodeArgs(body, body.length, service.nameResolver()));
    Reply plainReply = service.filter(decoder.decodeArgs(body, body.length));

    assertThat(new String(staleReply.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(freshReply.body(), StandardCharsets.UTF_8))
        .isEqualTo(new String(plainReply.body(), StandardCharsets.UTF_8));
    JsonNode j = JSON.readTree(staleReply.body());
    assertThat(TestClient.texts(j.get("NodeNames"))).containsExactly(FakeCore.name(1), FakeCore.name(25), FakeCore.name(2));
    assertThat(j.get("FailedNodes").size()).isZero();
    assertThat(j.get("FailedAndUnresolvableNodes").has(FakeCore.name(3))).isTrue();
  }

  @Test
  void everyNodeNamed_answersAsTheNamesOneByOne() throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(FakeCore.name(i));
    }
    Collections.shuffle(all, new Random(7));
    List<String> withGhostAndDuplicate = new ArrayList<>(all);
    withGhostAndDuplicate.add(5, "ghost");
    withGhostAndDuplicate.add(all.get(0));

    byte[] everyNode = request(withGhostAndDuplicate.toArray(String[]::new));
    JsonNode filter = JSON.readTree(service.filter(decoder.decodeArgs(everyNode, everyNode.length,
        service.nameResolver())).body());
    List<String> passed = new ArrayList<>();
    for (String n : all) {
      int i = Integer.parseInt(n.substring(5));
      if (i % 10 != 3 && i % 10 != 7) {
        passed.add(n);
      }
    }
    assertThat(TestClient.texts(filter.get("NodeNames"))).isEqualTo(passed);
    assertThat(filter.get("FailedNodes").has("ghost")).isTrue();
    assertThat(filter.get("FailedNodes").size() + filter.get("FailedAndUnresolvableNodes").size())
        .isEqualTo(20 - passed.size() + 1);

    // prioritize scores each passed node as when it is asked about alone
    byte[] passedOnly = request(passed.toArray(String[]::new));
    JsonNode scores = JSON.readTree(service.prioritize(decoder.decodeArgs(passedOnly, passedOnly.length,
        service.nameResolver())).body());
    assertThat(scores.size()).isEqualTo(passed.size());
    for (int k = 0; k < passed.size(); k++) {
      byte[] one = request(passed.get(k));
      JsonNode alone = JSON.readTree(service.prioritize(decoder.decodeArgs(one, one.length)).body());
      assertThat(scores.get(k).get("Host").asText()).isEqualTo(passed.get(k));
      assertThat(scores.get(k).get("Score").asLong()).as(passed.get(k)).isEqualTo(alone.get(0).get("Score").asLong());
    }
  }
}
