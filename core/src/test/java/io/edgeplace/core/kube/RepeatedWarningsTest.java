package io.edgeplace.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedWarningsTest {

  @Test
  void aMessageIsFirstOncePerWindow_andOthersAreNotHeldBack() {
    AtomicLong nanos = new AtomicLong();
    RepeatedWarnings warnings = new RepeatedWarnings(Duration.ofMinutes(10), 100, nanos::get);

    assertThat(warnings.isFirst("Pod shop/web-0: bad bandwidth")).isTrue();
    assertThat(warnings.isFirst("Pod shop/web-0: bad bandwidth")).as("a scheduling retry").isFalse();
    assertThat(warnings.isFirst("Pod shop/web-1: bad bandwidth")).as("another pod").isTrue();

    nanos.addAndGet(Duration.ofMinutes(9).toNanos());
    assertThat(warnings.isFirst("Pod shop/web-0: bad bandwidth")).as("within the window").isFalse();
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(warnings.isFirst("Pod shop/web-0: bad bandwidth")).as("after the window").isTrue();
  }

  @Test
  void itRemembersABoundedNumberOfMessages() {
    RepeatedWarnings warnings = new RepeatedWarnings(Duration.ofMinutes(10), 50, System::nanoTime);
    for (int i = 0; i < 10_000; i++) {
      assertThat(warnings.isFirst("message " + i)).isTrue();
    }
    assertThat(warnings.remembered()).isLessThanOrEqualTo(50);
  }
}
