package io.edgeplace.core.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.edgeplace.api.metrics.CacheMetrics;
import io.edgeplace.api.metrics.EdgeplaceMetrics;
import io.edgeplace.api.store.CacheLookup;
import io.edgeplace.api.store.EntryPolicy;
import io.edgeplace.api.store.StaleTolerantCache;
import io.edgeplace.api.store.Stored;
import io.edgeplace.api.store.StoredState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Caffeine holds the entries, bounds their number and drops each one when its maximum staleness
 * has passed (a variable Expiry computed from the entry's own load time, so a failed refresh,
 * which rewrites the entry with its error, does not extend its life). Caffeine has no per-entry
 * refresh interval, so refresh is done here: a read that finds an entry due starts one load on
 * the executor, deduplicated per key through `inFlight`. Failed loads of absent keys are
 * remembered in a second small Caffeine cache for `retryAfterFailure`, so that a request path
 * reading an unreachable key does not start a load on every request. Caffeine's ticker is the
 * builder's clock, so tests drive expiry with a hand-moved clock.
 */
final class CaffeineStaleCache<K, V> implements StaleTolerantCache<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(CaffeineStaleCache.class);

  /** A cached value and what the last load attempt said. */
  record Entry<V>(V value, Instant loadedAt, String lastError, @Nullable Instant failedAt) {
    Entry<V> failed(String error, Instant at) {
      return new Entry<>(value, loadedAt, error, at);
    }
  }

  private record Failure(String error) {
  }

  private final String name;
  private final CacheLoader<K, V> loader;
  private final EntryPolicy<? super K, ? super V> policy;
  private final Duration retryAfterFailure;
  private final InstantSource clock;
  private final CacheMetrics metrics;
  private final EdgeplaceMetrics storeMetrics;
  private final Executor executor;
  private final @Nullable ExecutorService ownedExecutor;
  private final Cache<K, Entry<V>> entries;
  private final Cache<K, Failure> failures;
  private final ConcurrentHashMap<K, CompletableFuture<CacheLookup<V>>> inFlight = new ConcurrentHashMap<>();

  private final @Nullable StoredState<List<CacheEntriesCodec.Saved<K, V>>> state;
  private final @Nullable ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final Duration persistDebounce;
  private final AtomicBoolean persistPending = new AtomicBoolean();
  private final Object persistLock = new Object();
  private volatile boolean closed;

  CaffeineStaleCache(StaleCaches.Builder<K, V> b) {
    this.name = b.name;
    this.loader = java.util.Objects.requireNonNull(b.loader);
    this.policy = b.policy;
    this.retryAfterFailure = b.retryAfterFailure;
    this.clock = b.clock;
    this.storeMetrics = b.metrics;
    this.metrics = b.metrics.cache(b.name);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newFixedThreadPool(4, daemon("edgeplace-cache-" + name + "-load"));
      this.executor = ownedExecutor;
    }
    this.entries = Caffeine.newBuilder()
        .maximumSize(b.maximumSize)
        .ticker(this::ticks)
        .executor(Runnable::run)
        .expireAfter(new StalenessExpiry())
        .removalListener((K k, Entry<V> e, RemovalCause cause) -> {
          if (cause.wasEvicted()) {
            metrics.eviction();
          }
        })
        .build();
    this.failures = Caffeine.newBuilder()
        .maximumSize(b.maximumSize)
        .ticker(this::ticks)
        .executor(Runnable::run)
        .expireAfterWrite(retryAfterFailure)
        .build();
    this.persistDebounce = b.persistDebounce;
    if (b.store != null && b.keyCodec != null && b.valueCodec != null) {
      this.state = b.store.state("cache-" + name, new CacheEntriesCodec<>(b.keyCodec, b.valueCodec));
      this.ownsScheduler = b.scheduler == null;
      this.scheduler = b.scheduler != null ? b.scheduler
          : Executors.newSingleThreadScheduledExecutor(daemon("edgeplace-cache-" + name + "-persist"));
      restore();
    } else {
      this.state = null;
      this.scheduler = null;
      this.ownsScheduler = false;
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private long ticks() {
    Instant now = clock.instant();
    return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
  }

  /* Expires an entry at loadedAt + maxStaleness, whatever rewrote it last. */
  private final class StalenessExpiry implements Expiry<K, Entry<V>> {
    @Override
    public long expireAfterCreate(K key, Entry<V> e, long currentTime) {
      return nanosUntil(plus(e.loadedAt(), policy.maxStaleness(key, e.value())));
    }

    @Override
    public long expireAfterUpdate(K key, Entry<V> e, long currentTime, long currentDuration) {
      return expireAfterCreate(key, e, currentTime);
    }

    @Override
    public long expireAfterRead(K key, Entry<V> e, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  private long nanosUntil(Instant deadline) {
    Duration d = Duration.between(clock.instant(), deadline);
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofDays(365L * 100)) > 0 ? Long.MAX_VALUE : d.toNanos();
  }

  private static Instant plus(Instant t, Duration d) {
    return d.compareTo(Duration.ofDays(365L * 1000)) > 0 ? Instant.MAX : t.plus(d);
  }

  private boolean due(K key, Entry<V> e, Instant now) {
    if (e.failedAt() != null && now.isBefore(e.failedAt().plus(retryAfterFailure))) {
      return false;
    }
    return !now.isBefore(plus(e.loadedAt(), policy.refreshAfter(key, e.value())));
  }

  private CacheLookup<V> lookupOf(Entry<V> e) {
    return e.lastError().isEmpty() ? CacheLookup.fresh(e.value(), e.loadedAt())
        : CacheLookup.stale(e.value(), e.loadedAt(), e.lastError());
  }

  @Override
  public CacheLookup<V> getIfReady(K key) {
    Instant now = clock.instant();
    Entry<V> e = entries.getIfPresent(key);
    if (e == null) {
      metrics.miss();
      Failure f = failures.getIfPresent(key);
      if (f != null) {
        return CacheLookup.absent(f.error());
      }
      if (!closed) {
        startLoad(key);
      }
      Failure justFailed = failures.getIfPresent(key);
      Entry<V> justLoaded = entries.getIfPresent(key);
      if (justLoaded != null) {
        return lookupOf(justLoaded);
      }
      return CacheLookup.absent(justFailed != null ? justFailed.error() : closed ? "cache is closed" : "loading");
    }
    if (!closed && due(key, e, now)) {
      startLoad(key);
      Entry<V> latest = entries.getIfPresent(key); // the load may have run on this thread already
      if (latest != null) {
        e = latest;
      }
    }
    if (e.lastError().isEmpty()) {
      metrics.hit();
    } else {
      metrics.staleServe();
    }
    return lookupOf(e);
  }

  @Override
  public CompletableFuture<CacheLookup<V>> get(K key) {
    CacheLookup<V> settled = settled(key);
    if (settled != null) {
      return CompletableFuture.completedFuture(settled);
    }
    if (closed) {
      Entry<V> e = entries.getIfPresent(key);
      return CompletableFuture.completedFuture(e != null ? lookupOf(e) : CacheLookup.absent("cache is closed"));
    }
    return startLoad(key);
  }

  /*
   * One load per key at a time. The future leaves inFlight before it completes, so whoever sees
   * it completed also sees the next call start a fresh load when one is due. The load is started
   * after computeIfAbsent returns: with a direct executor it runs on this thread, and removing its
   * own entry from inside computeIfAbsent would be a recursive update.
   *
   * The caller decided to load from a look at the entry taken before it claimed the key; a load
   * that finished in between has put its entry (or its failure) before leaving inFlight, so it
   * is looked at again once the key is claimed, and no second load starts for nothing.
   */
  private CompletableFuture<CacheLookup<V>> startLoad(K key) {
    CompletableFuture<CacheLookup<V>> mine = new CompletableFuture<>();
    CompletableFuture<CacheLookup<V>> f = inFlight.computeIfAbsent(key, k -> mine);
    if (f != mine) {
      return f;
    }
    CacheLookup<V> settled = settled(key);
    if (settled != null) {
      inFlight.remove(key, mine);
      mine.complete(settled);
      return mine;
    }
    try {
      executor.execute(() -> {
        CacheLookup<V> result;
        try {
          result = loadOnce(key);
        } catch (RuntimeException | Error unexpected) {
          inFlight.remove(key, mine);
          mine.completeExceptionally(unexpected);
          throw unexpected;
        }
        inFlight.remove(key, mine);
        mine.complete(result);
      });
    } catch (RuntimeException rejected) {
      CacheLookup<V> failed = recordFailure(key, "load could not start: " + describe(rejected));
      inFlight.remove(key, mine);
      mine.complete(failed);
    }
    return mine;
  }

  /*
   * The answer that needs no load: an entry not due yet, or the failure of a load still fresh;
   * null when a load is due. Asked before a load and again once the key is claimed, since a
   * load may have finished in between.
   */
  private @Nullable CacheLookup<V> settled(K key) {
    Entry<V> e = entries.getIfPresent(key);
    if (e != null) {
      return due(key, e, clock.instant()) ? null : lookupOf(e);
    }
    Failure failed = failures.getIfPresent(key);
    return failed == null ? null : CacheLookup.absent(failed.error());
  }

  private CacheLookup<V> loadOnce(K key) {
    long t0 = System.nanoTime();
    V value;
    try {
      value = loader.load(key);
      if (value == null) {
        throw new IllegalStateException("the loader returned null for " + key);
      }
    } catch (Exception | LinkageError ex) {
      Throwable cause = unwrap(ex);
      metrics.loadFailure(Duration.ofNanos(System.nanoTime() - t0), cause);
      LOG.debug("cache \"{}\": loading {} failed", name, key, cause);
      return recordFailure(key, describe(cause));
    }
    metrics.loadSuccess(Duration.ofNanos(System.nanoTime() - t0));
    Instant at = clock.instant();
    Entry<V> fresh = new Entry<>(value, at, "", null);
    entries.put(key, fresh);
    failures.invalidate(key);
    schedulePersist();
    return lookupOf(fresh);
  }

  private CacheLookup<V> recordFailure(K key, String error) {
    Instant at = clock.instant();
    Entry<V> updated = entries.asMap().computeIfPresent(key, (k, old) -> old.failed(error, at));
    if (updated != null) {
      return lookupOf(updated);
    }
    failures.put(key, new Failure(error));
    return CacheLookup.absent(error);
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + m;
  }

  @Override
  public void put(K key, V value) {
    entries.put(key, new Entry<>(java.util.Objects.requireNonNull(value, "value"), clock.instant(), "", null));
    failures.invalidate(key);
    schedulePersist();
  }

  @Override
  public void invalidate(K key) {
    entries.invalidate(key);
    failures.invalidate(key);
    schedulePersist();
  }

  @Override
  public long estimatedSize() {
    return entries.estimatedSize();
  }

  // ---- persistence ----

  private void restore() {
    StoredState<List<CacheEntriesCodec.Saved<K, V>>> s = java.util.Objects.requireNonNull(state);
    Optional<Stored<List<CacheEntriesCodec.Saved<K, V>>>> latest;
    try {
      latest = s.loadLatest();
    } catch (IOException | RuntimeException ex) {
      storeMetrics.loadFailed(s.name(), describe(ex));
      LOG.warn("cache \"{}\": could not restore saved entries, starting empty: {}", name, describe(ex));
      return;
    }
    if (latest.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    int kept = 0;
    for (CacheEntriesCodec.Saved<K, V> saved : latest.get().value()) {
      if (now.isBefore(plus(saved.loadedAt(), policy.maxStaleness(saved.key(), saved.value())))) {
        entries.put(saved.key(), new Entry<>(saved.value(), saved.loadedAt(), "", null));
        kept++;
      }
    }
    Stored<?> st = latest.get();
    storeMetrics.restored(s.name(), st.generation(), Duration.between(st.savedAt(), now));
    LOG.info("cache \"{}\": restored {} of {} entries from generation {} saved at {}", name, kept,
        latest.get().value().size(), st.generation(), st.savedAt());
  }

  private void schedulePersist() {
    if (scheduler == null || closed || !persistPending.compareAndSet(false, true)) {
      return;
    }
    try {
      scheduler.schedule(this::persistNow, persistDebounce.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RuntimeException rejected) {
      persistPending.set(false);
    }
  }

  /**
   * Saves the entries now (a persistent cache; otherwise does nothing). Failures are logged (the
   * store reports them to the metrics), never thrown.
   *
   * @return whether a generation was written
   */
  boolean persistNow() {
    StoredState<List<CacheEntriesCodec.Saved<K, V>>> s = state;
    if (s == null) {
      return false;
    }
    synchronized (persistLock) {
      persistPending.set(false);
      List<CacheEntriesCodec.Saved<K, V>> all = new ArrayList<>();
      entries.asMap().forEach((k, e) -> all.add(new CacheEntriesCodec.Saved<>(k, e.value(), e.loadedAt())));
      try {
        s.save(all);
        return true;
      } catch (IOException | RuntimeException ex) {
        LOG.warn("cache \"{}\": could not save {} entries, keeping them in memory: {}", name, all.size(),
            describe(ex));
        return false;
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (scheduler != null) {
      persistNow();
      if (ownsScheduler) {
        scheduler.shutdownNow();
      }
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "StaleTolerantCache[" + name + ", " + entries.estimatedSize() + " entries]";
  }
}
