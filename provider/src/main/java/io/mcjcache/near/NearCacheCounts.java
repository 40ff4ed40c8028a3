package io.mcjcache.near;

/**
 * What one cache's near cache has done, for tests and operators.
 *
 * @param hits reads answered from the JVM
 * @param misses reads that went to the servers (the key was absent, or a read or write of it was in flight)
 * @param refreshes held items replaced by a background refresh (read in the last quarter of their ttl)
 * @param slots entries right now: held items plus reads and writes in flight
 */
public record NearCacheCounts(long hits, long misses, long refreshes, long slots) {

  /** The counts of a cache without a near cache. */
  public static final NearCacheCounts NONE = new NearCacheCounts(0, 0, 0, 0);
}
