package io.mcjcache;

import java.util.Objects;
import javax.cache.Cache;

/** A key and value read from a cache (by iteration): both fresh copies, owned by the caller. */
public final class MemcachedEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  MemcachedEntry(K key, V value) {
    this.key = Objects.requireNonNull(key, "key");
    this.value = Objects.requireNonNull(value, "value");
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
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("a cache entry cannot be unwrapped to " + clazz.getName());
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
