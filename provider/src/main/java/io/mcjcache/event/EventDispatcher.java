package io.mcjcache.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.EventType;

/**
 * The cache entry listeners of one cache, and the delivery of what happened to them.
 *
 * <p>Every delivery runs on the executor, in a lane per listener and key, so that a listener sees the
 * events of one key in the order they were published while different keys and different listeners
 * proceed in parallel. A synchronous listener runs the same way; the difference is that the thread
 * that published the event waits for it: the cache publishes the events of one operation, then calls
 * {@link #awaitSynchronous()} before it returns to its caller (or {@link #ignoreSynchronous()} when the
 * operation failed and its events must not be waited for).
 *
 * <p>The cache hands over old values it already has, but an event carries the old value only to
 * listeners that asked for it ({@code isOldValueRequired}); {@link #needsOldValue(EventType)} tells the
 * cache when it may skip reading an old value it does not otherwise need.
 *
 * <p>Reentrancy: a synchronous listener that writes to the same key of the same cache waits behind
 * itself in its own lane and never finishes; JCache leaves such listeners undefined and so do we.
 */
public final class EventDispatcher<K, V> implements AutoCloseable {

  private final Executor executor;
  /** Immutable snapshot, replaced under the lock: publishing reads it without locking. */
  private volatile List<ListenerRegistration<K, V>> registrations = List.of();
  private final Object registrationLock = new Object();
  /** The synchronous deliveries this thread published and has not awaited yet. */
  private final ThreadLocal<List<CompletableFuture<Throwable>>> pending =
      ThreadLocal.withInitial(ArrayList::new);
  private volatile boolean closed;
  /**
   * Whether any thread ever published a synchronous delivery: until then no thread can have one pending,
   * so the operations of a cache without synchronous listeners skip the thread-local on every call.
   */
  private volatile boolean synchronousPublished;

  /** Delivers on {@link ForkJoinPool#commonPool()}. */
  public EventDispatcher() {
    this(ForkJoinPool.commonPool());
  }

  public EventDispatcher(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Instantiates the listener and filter from the configuration's factories and starts delivering to
   * them.
   *
   * @throws IllegalArgumentException when an equal configuration is already registered (JCache
   *     forbids registering the same configuration twice), or its listener factory is missing
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "cache entry listener configuration");
    var normalized = ListenerRegistration.normalized(configuration);
    synchronized (registrationLock) {
      checkOpen();
      for (var registration : registrations) {
        if (registration.matches(normalized)) {
          throw new IllegalArgumentException(
              "this cache entry listener configuration is already registered: " + configuration);
        }
      }
      var added = ListenerRegistration.create(configuration, executor);
      var next = new ArrayList<>(registrations);
      next.add(added);
      registrations = List.copyOf(next);
    }
  }

  /**
   * Stops delivering to the listener registered with an equal configuration and closes its listener
   * and filter; events already queued for it are dropped. Does nothing when there is none.
   */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "cache entry listener configuration");
    var normalized = ListenerRegistration.normalized(configuration);
    ListenerRegistration<K, V> removed = null;
    synchronized (registrationLock) {
      var next = new ArrayList<ListenerRegistration<K, V>>(registrations.size());
      for (var registration : registrations) {
        if (removed == null && registration.matches(normalized)) {
          removed = registration;
        } else {
          next.add(registration);
        }
      }
      registrations = List.copyOf(next);
    }
    if (removed != null) {
      removed.close();
    }
  }

  /** Whether any listener is registered: when not, the cache can skip building events at all. */
  public boolean hasListeners() {
    return !registrations.isEmpty();
  }

  /** Whether some registered listener receives events of {@code type}. */
  public boolean hasListenersFor(EventType type) {
    Objects.requireNonNull(type, "event type");
    for (var registration : registrations) {
      if (registration.listensTo(type)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether some listener of {@code type} requires old values, i.e. whether the cache must pass the old
   * value to {@link #publishUpdated}, {@link #publishRemoved} or {@link #publishExpired}. When not, it
   * may pass {@code null} and save reading the value.
   */
  public boolean needsOldValue(EventType type) {
    Objects.requireNonNull(type, "event type");
    for (var registration : registrations) {
      if (registration.listensTo(type) && registration.isOldValueRequired()) {
        return true;
      }
    }
    return false;
  }

  /** {@code key} was absent (or expired) and now maps to {@code value}. */
  public void publishCreated(Cache<K, V> source, K key, V value) {
    publish(source, EventType.CREATED, key, value, null);
  }

  /**
   * {@code key} mapped to {@code oldValue} and now maps to {@code newValue}.
   *
   * @param oldValue may be {@code null} only when {@link #needsOldValue needsOldValue(UPDATED)} is false
   */
  public void publishUpdated(Cache<K, V> source, K key, V oldValue, V newValue) {
    publish(source, EventType.UPDATED, key, newValue, oldValue);
  }

  /**
   * {@code key}, which mapped to {@code oldValue}, was removed. Removing an absent key is not an event.
   *
   * @param oldValue may be {@code null} only when {@link #needsOldValue needsOldValue(REMOVED)} is false
   */
  public void publishRemoved(Cache<K, V> source, K key, V oldValue) {
    publish(source, EventType.REMOVED, key, null, oldValue);
  }

  /**
   * {@code key}, which mapped to {@code oldValue}, was found expired.
   *
   * @param oldValue may be {@code null} only when {@link #needsOldValue needsOldValue(EXPIRED)} is false
   */
  public void publishExpired(Cache<K, V> source, K key, V oldValue) {
    publish(source, EventType.EXPIRED, key, null, oldValue);
  }

  /**
   * Blocks until the synchronous listeners have run for every event this thread published since its
   * last {@code awaitSynchronous} or {@link #ignoreSynchronous}.
   *
   * @throws CacheEntryListenerException when a listener or filter threw: its own
   *     {@code CacheEntryListenerException}, or its {@code RuntimeException} (or checked exception)
   *     wrapped in one; further failures are attached as suppressed
   * @throws Error a listener's {@code Error}, unwrapped, as the TCK expects
   */
  public void awaitSynchronous() {
    if (!synchronousPublished) {
      return;
    }
    var mine = pending.get();
    if (mine.isEmpty()) {
      return;
    }
    var futures = List.copyOf(mine);
    mine.clear();
    Throwable first = null;
    for (var future : futures) {
      Throwable failure = future.join();
      if (failure == null) {
        continue;
      }
      if (first == null) {
        first = failure;
      } else if (first != failure) {
        first.addSuppressed(failure);
      }
    }
    if (first instanceof Error) {
      throw (Error) first;
    }
    if (first != null) {
      throw asListenerFailure(first);
    }
  }

  /**
   * Forgets this thread's unawaited synchronous deliveries (they still run), so that a failed
   * operation does not leave them for the next operation's {@code awaitSynchronous} to report.
   */
  public void ignoreSynchronous() {
    if (synchronousPublished) {
      pending.get().clear();
    }
  }

  /**
   * Stops delivery: later events are not published, queued deliveries are dropped, and the listeners
   * and filters that are {@link AutoCloseable} are closed. Idempotent.
   */
  @Override
  public void close() {
    List<ListenerRegistration<K, V>> closing;
    synchronized (registrationLock) {
      closed = true;
      closing = registrations;
      registrations = List.of();
    }
    closing.forEach(ListenerRegistration::close);
  }

  /** Keys with a delivery queued or running, over all listeners; for tests and diagnostics. */
  int busyKeys() {
    int busy = 0;
    for (var registration : registrations) {
      busy += registration.busyKeys();
    }
    return busy;
  }

  private void publish(Cache<K, V> source, EventType type, K key, V value, V oldValue) {
    var current = registrations;
    if (current.isEmpty() || closed) {
      return;
    }
    Objects.requireNonNull(source, "the source cache of an event");
    Objects.requireNonNull(key, "the key of an event");
    if (oldValue == null && type != EventType.CREATED) {
      checkOldValueNotRequired(current, type, key);
    }
    for (var registration : current) {
      if (!registration.listensTo(type)) {
        continue;
      }
      var future = registration.enqueue(eventFor(registration, source, type, key, value, oldValue));
      if (registration.isSynchronous()) {
        synchronousPublished = true;
        pending.get().add(future);
      }
    }
  }

  /** The event as {@code registration} may see it; see {@link JCacheEntryEvent} for why it differs. */
  private static <K, V> JCacheEntryEvent<K, V> eventFor(ListenerRegistration<K, V> registration,
      Cache<K, V> source, EventType type, K key, V value, V oldValue) {
    if (type == EventType.CREATED) {
      return new JCacheEntryEvent<>(source, type, key, value, null, false);
    }
    if (!registration.isOldValueRequired()) {
      // REMOVED and EXPIRED carry the old value as their value, so without it they carry nothing.
      V shown = type == EventType.UPDATED ? value : null;
      return new JCacheEntryEvent<>(source, type, key, shown, null, false);
    }
    V shown = type == EventType.UPDATED ? value : oldValue;
    return new JCacheEntryEvent<>(source, type, key, shown, oldValue, true);
  }

  /** Checked before anything is queued, so that a bad call publishes to no listener rather than some. */
  private static <K, V> void checkOldValueNotRequired(List<ListenerRegistration<K, V>> current,
      EventType type, K key) {
    for (var registration : current) {
      if (registration.listensTo(type) && registration.isOldValueRequired()) {
        throw new IllegalArgumentException("a listener requires old values, but the " + type
            + " event for key " + key + " was published without one");
      }
    }
  }

  private static CacheEntryListenerException asListenerFailure(Throwable failure) {
    if (failure instanceof CacheEntryListenerException) {
      return (CacheEntryListenerException) failure;
    }
    return new CacheEntryListenerException("a synchronous cache entry listener failed: " + failure,
        failure);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the event dispatcher is closed");
    }
  }
}
