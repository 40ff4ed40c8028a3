package io.mcjcache.config;

import java.util.Objects;

/**
 * The settings that may differ between caches of one manager, already merged with the manager-wide
 * values (a cache that overrides only {@code nearCache.maxEntries} keeps the manager's
 * {@code nearCache.ttlMs}).
 *
 * @param cacheName the JCache cache name, exactly as in {@code cache.<cacheName>.<key>}
 * @param nearCache the near cache for this cache
 */
public record CacheSettings(String cacheName, NearCacheSettings nearCache) {

  public CacheSettings {
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(nearCache, "nearCache");
    if (cacheName.isEmpty()) {
      throw new IllegalArgumentException("mcjcache: a per-cache key needs a cache name: cache.<cacheName>.<key>");
    }
  }
}
