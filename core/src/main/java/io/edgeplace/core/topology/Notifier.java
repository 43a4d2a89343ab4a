package io.edgeplace.core.topology;

import io.edgeplace.api.topology.Subscription;
import io.edgeplace.api.topology.TopologyListener;
import io.edgeplace.api.topology.TopologyView;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Tells listeners of new views on one thread of its own, never on an informer thread. A burst of
 * publications costs one drain: the drain reads the latest view and calls each listener that has
 * not seen it, so a slow listener skips superseded views but always gets the latest one.
 */
final class Notifier {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private static final class Registration {
    final TopologyListener listener;
    long lastVersion = -1;
    volatile boolean active = true;

    Registration(TopologyListener listener) {
      this.listener = listener;
    }
  }

  private final ExecutorService executor;
  private final Supplier<TopologyView> current;
  private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  Notifier(ExecutorService executor, Supplier<TopologyView> current) {
    this.executor = executor;
    this.current = current;
  }

  Subscription subscribe(TopologyListener listener) {
    Registration r = new Registration(listener);
    registrations.add(r);
    published();
    return () -> {
      r.active = false;
      registrations.remove(r);
    };
  }

  /** A new view was published: schedule a drain unless one is pending. */
  void published() {
    if (registrations.isEmpty() || !drainScheduled.compareAndSet(false, true)) {
      return;
    }
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException closed) {
      drainScheduled.set(false);
    }
  }

  private void drain() {
    drainScheduled.set(false);
    TopologyView view = current.get();
    for (Registration r : registrations) {
      if (!r.active || r.lastVersion >= view.version()) {
        continue;
      }
      r.lastVersion = view.version();
      try {
        r.listener.onChange(view);
      } catch (RuntimeException ex) {
        LOG.warn("topology listener {} failed on view {}; it stays subscribed", r.listener, view.version(), ex);
      }
    }
  }
}
