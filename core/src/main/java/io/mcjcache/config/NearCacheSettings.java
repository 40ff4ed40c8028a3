package io.mcjcache.config;

/**
 * The in-JVM near cache in front of memcached, for the whole manager or for one cache.
 *
 * @param maxEntries how many entries it may hold; 0 turns it off
 * @param ttlMs how long a near-cached value may be served without asking the servers: the bound on
 *     how stale a read can be when another JVM writes the key
 */
public record NearCacheSettings(int maxEntries, int ttlMs) {

  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  public static final int DEFAULT_TTL_MS = 1_000;

  /** The defaults: {@value #DEFAULT_MAX_ENTRIES} entries, {@value #DEFAULT_TTL_MS} ms. */
  public static final NearCacheSettings DEFAULT = new NearCacheSettings(DEFAULT_MAX_ENTRIES, DEFAULT_TTL_MS);

  public NearCacheSettings {
    ConfigValues.checkNonNegative(ConfigKey.NEAR_CACHE_MAX_ENTRIES.key(), maxEntries);
    ConfigValues.checkPositive(ConfigKey.NEAR_CACHE_TTL_MS.key(), ttlMs);
  }

  /** Whether there is a near cache at all. */
  public boolean enabled() {
    return maxEntries > 0;
  }
}
