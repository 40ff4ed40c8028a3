package io.mcjcache.integration;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;

/**
 * A cache's {@link CacheLoader} as the cache calls it: every failure surfaces as a
 * {@link CacheLoaderException} (the spec's contract to callers), and null answers mean "nothing to load"
 * rather than entries with null values.
 */
public final class ReadThrough<K, V> implements AutoCloseable {
  private final CacheLoader<K, V> loader;

  public ReadThrough(CacheLoader<K, V> loader) {
    this.loader = Objects.requireNonNull(loader, "loader");
  }

  /** The loaded value, or null when the loader has none. */
  public V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader failed to load key " + key + ": " + e, e);
    }
  }

  /** The loaded entries, without the keys the loader had no value for. */
  public Map<K, V> loadAll(Iterable<? extends K> keys) {
    Map<K, V> loaded;
    try {
      @SuppressWarnings("unchecked")
      Iterable<K> ours = (Iterable<K>) keys;
      loaded = loader.loadAll(ours);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheLoaderException("the CacheLoader failed to load all: " + e, e);
    }
    if (loaded == null) {
      return Collections.emptyMap();
    }
    Map<K, V> present = new HashMap<>();
    loaded.forEach((key, value) -> {
      if (key != null && value != null) {
        present.put(key, value);
      }
    });
    return present;
  }

  @Override
  public void close() {
    Closing.closeIfCloseable(loader, "CacheLoader");
  }
}
