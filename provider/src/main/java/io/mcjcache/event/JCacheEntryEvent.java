package io.mcjcache.event;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;

/**
 * One event as one listener sees it. The same change is seen differently by two listeners when only
 * one of them asked for old values ({@code isOldValueRequired}): the other gets neither the old value
 * nor, for removals and expiries, the value, so that a listener never depends on data the cache was
 * not obliged to fetch.
 *
 * <p>For {@link EventType#REMOVED} and {@link EventType#EXPIRED} events {@link #getValue()} returns
 * the old value, as JCache 1.1 asks for compatibility with 1.0 listeners.
 */
public final class JCacheEntryEvent<K, V> extends CacheEntryEvent<K, V> {
  private static final long serialVersionUID = 1L;

  private final K key;
  private final V value;
  private final V oldValue;
  private final boolean oldValueAvailable;

  JCacheEntryEvent(Cache<K, V> source, EventType type, K key, V value, V oldValue,
      boolean oldValueAvailable) {
    super(source, type);
    this.key = Objects.requireNonNull(key, "an entry event needs a key");
    this.value = value;
    this.oldValue = oldValue;
    this.oldValueAvailable = oldValueAvailable;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public V getOldValue() {
    return oldValue;
  }

  @Override
  public boolean isOldValueAvailable() {
    return oldValueAvailable;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz != null && clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry event cannot be unwrapped to " + clazz
        + "; it is a " + JCacheEntryEvent.class.getName());
  }

  @Override
  public String toString() {
    // Values stay out: this string ends up in logs, and values may be large or confidential.
    return getEventType() + " event for key " + key;
  }
}
