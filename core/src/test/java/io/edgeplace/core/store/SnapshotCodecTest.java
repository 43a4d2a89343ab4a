package io.edgeplace.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.store.MalformedDataException;
import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotCodecTest {

  private static final SnapshotCodec CODEC = SnapshotCodec.instance();

  static RandomGenerator random(long seed) {
    return RandomGeneratorFactory.of("L64X128MixRandom").create(seed);
  }

  static void assertSameContent(ClusterSnapshot actual, ClusterSnapshot expected) {
    assertThat(actual.time()).isEqualTo(expected.time());
    assertThat(actual.nodes()).isEqualTo(expected.nodes());
    assertThat(actual.units()).isEqualTo(expected.units());
    assertThat(actual.pods()).isEqualTo(expected.pods());
    assertThat(actual.runtimeClassHandlers()).isEqualTo(expected.runtimeClassHandlers());
    for (int n = 0; n < expected.nodeCount(); n++) {
      assertThat(actual.requested(n)).isEqualTo(expected.requested(n));
    }
    for (int u = 0; u < expected.unitCount(); u++) {
      assertThat(actual.unitIngressBitsPerSecond(u)).isEqualTo(expected.unitIngressBitsPerSecond(u));
      assertThat(actual.unitEgressBitsPerSecond(u)).isEqualTo(expected.unitEgressBitsPerSecond(u));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 42, 20261125})
  void roundTrip_keepsEveryNodeUnitPodAndRuntimeClass(long seed) throws Exception {
    ClusterSnapshot s = TestSnapshots.random(random(seed), 60, 400);
    try {
      assertSameContent(CODEC.decode(CODEC.encode(s), SnapshotCodec.VERSION), s);
    } catch (AssertionError e) {
      throw new AssertionError("seed " + seed + ": " + e.getMessage(), e);
    }
  }

  @Test
  void roundTrip_ofAnEmptySnapshot() throws Exception {
    ClusterSnapshot s = ClusterSnapshot.empty(Instant.parse("2026-01-01T00:00:00Z"));
    assertSameContent(CODEC.decode(CODEC.encode(s), 1), s);
  }

  @Test
  void encoding_sharesRepeatedStringsAndLabelMaps() {
    ClusterSnapshot s = TestSnapshots.random(random(7), 200, 2000);
    byte[] bytes = CODEC.encode(s);
    assertThat(bytes.length).as("bytes per pod, nodes included").isLessThan(2000 * 60 + 200 * 300);
  }

  @Test
  void decode_ofAHostileCount_failsNamingTheFieldWithoutAllocating() {
    byte[] hostile = new BinaryWriter().writeVarInt(Integer.MAX_VALUE).toByteArray();
    assertThatThrownBy(() -> CODEC.decode(hostile, 1))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("string count is 2147483647");
  }

  @Test
  void decode_ofANewerVersion_failsClearly() {
    assertThatThrownBy(() -> CODEC.decode(new byte[0], 2))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("format version 2");
  }

  @Test
  void decode_ofAnOutOfRangeIndex_failsNamingTheField() {
    byte[] bytes = new BinaryWriter().writeVarInt(1).writeString("x").writeVarInt(0)
        .writeSignedVarLong(0).writeVarInt(0)
        .writeVarInt(1).writeVarInt(0).writeVarInt(0).writeVarInt(5).toByteArray();
    assertThatThrownBy(() -> CODEC.decode(bytes, 1))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("platform variant is 5, outside 0..0");
  }

  /* Every truncation and many random byte flips: a clear exception or a valid snapshot, nothing else. */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void decode_ofDamagedBytes_failsWithMalformedDataOrDecodes(long seed) {
    RandomGenerator rnd = random(seed);
    byte[] good = CODEC.encode(TestSnapshots.random(rnd, 8, 30));
    for (int len = 0; len < good.length; len += 1 + good.length / 300) {
      byte[] cut = java.util.Arrays.copyOf(good, len);
      assertThatThrownBy(() -> CODEC.decode(cut, 1)).as("seed %d, truncated to %d", seed, len)
          .isInstanceOf(MalformedDataException.class);
    }
    for (int i = 0; i < 2000; i++) {
      byte[] bad = good.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        bad[rnd.nextInt(bad.length)] = (byte) rnd.nextInt(256);
      }
      try {
        CODEC.decode(bad, 1);
      } catch (MalformedDataException expected) {
        assertThat(expected.getMessage()).startsWith("cluster snapshot:");
      } catch (Exception | Error other) {
        fail("seed " + seed + " flip " + i + ": " + other, other);
      }
    }
  }
}
