package io.mcjcache.config;

/** What a cache operation does when no server is alive ({@code allDown} key). */
public enum AllDownPolicy {
  /** Fail at once with a {@code CacheException}: the caller learns the cache is gone. */
  ERROR,
  /** Reads miss and writes are dropped (and counted): the application runs on without a cache. */
  MISS;

  /** The word used in configuration, e.g. {@code error}. */
  public String configValue() {
    return ConfigChoice.word(this);
  }
}
