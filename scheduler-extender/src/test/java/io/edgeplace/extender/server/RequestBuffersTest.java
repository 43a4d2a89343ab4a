package io.edgeplace.extender.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplace.extender.wire.JsonBytes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBuffersTest {

  @Test
  void buffersGivenBack_areLentToTheNextRequest() {
    RequestBuffers buffers = new RequestBuffers(2);
    RequestBuffers.Lent first = buffers.lend();
    byte[] body = first.body(1_000);
    JsonBytes reply = first.reply();
    new io.edgeplace.extender.wire.WireEncoder().hostPriorities(reply).finish(); // writes "[]"
    first.giveBack(true);

    RequestBuffers.Lent next = buffers.lend();
    assertThat(next.body(500)).isSameAs(body);
    JsonBytes again = next.reply();
    assertThat(again).isSameAs(reply);
    assertThat(again.size()).as("lent empty").isZero();
  }

  @Test
  void aBodyBufferTooSmall_isReplaced_andTheGrownOneKept() {
    RequestBuffers buffers = new RequestBuffers(2);
    RequestBuffers.Lent first = buffers.lend();
    byte[] small = first.body(100);
    first.giveBack(true);

    RequestBuffers.Lent second = buffers.lend();
    byte[] big = second.body(10_000);
    assertThat(big).isNotSameAs(small);
    assertThat(big.length).as("rounded up to a power of two").isEqualTo(16_384);
    byte[] grown = new byte[20_000];
    second.grown(grown);
    second.giveBack(true);
    assertThat(buffers.lend().body(1)).isSameAs(grown);
  }

  @Test
  void aReplyWhoseWriteFailed_isNotLentAgain_andHugeBuffersAreNotKept() {
    RequestBuffers buffers = new RequestBuffers(2);
    RequestBuffers.Lent failed = buffers.lend();
    JsonBytes reply = failed.reply();
    byte[] body = failed.body(10);
    failed.giveBack(false);
    RequestBuffers.Lent next = buffers.lend();
    assertThat(next.reply()).isNotSameAs(reply);
    assertThat(next.body(10)).as("the body was read; it is kept").isSameAs(body);

    RequestBuffers.Lent huge = buffers.lend();
    byte[] hugeBody = huge.body(RequestBuffers.KEPT_BYTES + 1);
    huge.giveBack(true);
    assertThat(buffers.lend().body(1)).isNotSameAs(hugeBody);
  }

  @Test
  void roomFor_roundsUpToAPowerOfTwo_withinTheKeptSize() {
    assertThat(RequestBuffers.roomFor(0)).isEqualTo(16);
    assertThat(RequestBuffers.roomFor(17)).isEqualTo(32);
    assertThat(RequestBuffers.roomFor(65_536)).isEqualTo(65_536);
    assertThat(RequestBuffers.roomFor(72_968)).isEqualTo(131_072);
    assertThat(RequestBuffers.roomFor(RequestBuffers.KEPT_BYTES)).isEqualTo(RequestBuffers.KEPT_BYTES);
    assertThat(RequestBuffers.roomFor(RequestBuffers.KEPT_BYTES + 1)).isEqualTo(RequestBuffers.KEPT_BYTES + 1);
    assertThat(RequestBuffers.roomFor(Integer.MAX_VALUE - 8)).isEqualTo(Integer.MAX_VALUE - 8);
  }

  @Test
  void atMostTheKeptNumber_areKept() {
    RequestBuffers buffers = new RequestBuffers(2);
    List<RequestBuffers.Lent> atOnce = new ArrayList<>();
    List<byte[]> lent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RequestBuffers.Lent l = buffers.lend();
      lent.add(l.body(64));
      atOnce.add(l);
    }
    atOnce.forEach(l -> l.giveBack(true));
    List<byte[]> again = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      again.add(buffers.lend().body(64));
    }
    long reused = again.stream().filter(b -> lent.stream().anyMatch(x -> x == b)).count();
    assertThat(reused).isEqualTo(2);
  }
}
