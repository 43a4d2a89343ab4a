package io.edgeplace.core.store;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.edgeplace.api.store.MalformedDataException;

/** Fuzzes the snapshot decoder: any bytes give a snapshot or a {@link MalformedDataException}. */
class SnapshotCodecFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void decode_anyBytes(byte[] bytes) {
    try {
      SnapshotCodec.instance().decode(bytes, SnapshotCodec.VERSION);
    } catch (MalformedDataException expected) {
      // the contract for damaged input
    } catch (java.io.IOException other) {
      throw new AssertionError("unexpected IOException type", other);
    }
  }
}
