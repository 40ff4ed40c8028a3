package io.mcjcache.event;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * One registered listener: the listener and filter its configuration's factories made, the view of
 * events it asked for (old values or not), and its own delivery lanes, so that a slow listener only
 * delays itself.
 */
final class ListenerRegistration<K, V> {
  private static final System.Logger LOG = System.getLogger(ListenerRegistration.class.getName());

  /** A copy, so that a caller mutating its configuration later cannot change what we match on. */
  private final MutableCacheEntryListenerConfiguration<K, V> configuration;
  private final CacheEntryListener<? super K, ? super V> listener;
  private final CacheEntryEventFilter<? super K, ? super V> filter;
  private final DeliveryLanes<K> lanes;
  private volatile boolean active = true;

  private ListenerRegistration(MutableCacheEntryListenerConfiguration<K, V> configuration,
      CacheEntryListener<? super K, ? super V> listener,
      CacheEntryEventFilter<? super K, ? super V> filter, Executor executor) {
    this.configuration = configuration;
    this.listener = listener;
    this.filter = filter;
    this.lanes = new DeliveryLanes<>(executor);
  }

  /** Instantiates the listener and the (optional) filter from the configuration's factories. */
  static <K, V> ListenerRegistration<K, V> create(
      CacheEntryListenerConfiguration<K, V> configuration, Executor executor) {
    var copy = normalized(configuration);
    Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
        copy.getCacheEntryListenerFactory();
    if (listenerFactory == null) {
      throw new IllegalArgumentException(
          "a cache entry listener configuration needs a listener factory: " + configuration);
    }
    CacheEntryListener<? super K, ? super V> listener = listenerFactory.create();
    if (listener == null) {
      throw new IllegalArgumentException(
          "the listener factory " + listenerFactory + " created null");
    }
    Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
        copy.getCacheEntryEventFilterFactory();
    CacheEntryEventFilter<? super K, ? super V> filter =
        filterFactory == null ? null : filterFactory.create();
    if (filterFactory != null && filter == null) {
      throw new IllegalArgumentException("the filter factory " + filterFactory + " created null");
    }
    return new ListenerRegistration<>(copy, listener, filter, executor);
  }

  /**
   * The form in which configurations are compared: {@link MutableCacheEntryListenerConfiguration}'s
   * {@code equals} only recognises its own class, so both sides of a comparison are copies.
   */
  static <K, V> MutableCacheEntryListenerConfiguration<K, V> normalized(
      CacheEntryListenerConfiguration<K, V> configuration) {
    return new MutableCacheEntryListenerConfiguration<>(configuration);
  }

  boolean matches(MutableCacheEntryListenerConfiguration<K, V> normalizedConfiguration) {
    return configuration.equals(normalizedConfiguration);
  }

  boolean isSynchronous() {
    return configuration.isSynchronous();
  }

  boolean isOldValueRequired() {
    return configuration.isOldValueRequired();
  }

  /** Whether the listener implements the sub-interface that receives {@code type}. */
  boolean listensTo(EventType type) {
    switch (type) {
      case CREATED:
        return listener instanceof CacheEntryCreatedListener;
      case UPDATED:
        return listener instanceof CacheEntryUpdatedListener;
      case REMOVED:
        return listener instanceof CacheEntryRemovedListener;
      case EXPIRED:
        return listener instanceof CacheEntryExpiredListener;
      default:
        throw new IllegalArgumentException("unknown event type " + type);
    }
  }

  /** Queues the event behind this listener's earlier events for the same key. */
  CompletableFuture<Throwable> enqueue(JCacheEntryEvent<K, V> event) {
    return lanes.submit(event.getKey(), () -> deliver(event));
  }

  /**
   * Stops deliveries that have not started yet and closes the listener and filter when they are
   * {@link AutoCloseable} (JCache asks for {@code Closeable}; this covers both). The dispatcher made
   * them from factories, so nobody else would close them.
   */
  void close() {
    active = false;
    closeQuietly(listener);
    if (filter != null && filter != listener) {
      closeQuietly(filter);
    }
  }

  int busyKeys() {
    return lanes.busyKeys();
  }

  /** Runs the filter, then the listener; returns what either threw instead of throwing it. */
  private Throwable deliver(JCacheEntryEvent<K, V> event) {
    if (!active) {
      return null;
    }
    try {
      if (filter == null || filter.evaluate(event)) {
        invokeListener(event);
      }
      return null;
    } catch (Throwable t) {
      if (!isSynchronous()) {
        // Nobody waits for an asynchronous listener: its failure can only be reported here.
        LOG.log(Level.WARNING, "asynchronous cache entry listener " + listener
            + " failed on " + event, t);
      }
      return t;
    }
  }

  @SuppressWarnings("unchecked")
  private void invokeListener(JCacheEntryEvent<K, V> event) {
    var events = List.<CacheEntryEvent<? extends K, ? extends V>>of(event);
    switch (event.getEventType()) {
      case CREATED:
        ((CacheEntryCreatedListener<K, V>) listener).onCreated(events);
        break;
      case UPDATED:
        ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(events);
        break;
      case REMOVED:
        ((CacheEntryRemovedListener<K, V>) listener).onRemoved(events);
        break;
      case EXPIRED:
        ((CacheEntryExpiredListener<K, V>) listener).onExpired(events);
        break;
      default:
        throw new IllegalArgumentException("unknown event type " + event.getEventType());
    }
  }

  private static void closeQuietly(Object resource) {
    if (resource instanceof AutoCloseable) {
      try {
        ((AutoCloseable) resource).close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing " + resource + " failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "ListenerRegistration{" + listener + (isSynchronous() ? ", synchronous" : ", asynchronous")
        + (isOldValueRequired() ? ", old values" : "") + '}';
  }
}
