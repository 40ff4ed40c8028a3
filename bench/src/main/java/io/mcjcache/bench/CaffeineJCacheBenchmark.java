package io.mcjcache.bench;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;

/**
 * Caffeine's JCache provider, in process: the ceiling no networked cache can reach, and the cost of
 * JCache's store-by-value copying without a network. Unbounded (the default configuration), so every
 * key stays on the heap.
 */
public class CaffeineJCacheBenchmark extends JCacheBenchmark {
  static final String PROVIDER = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";

  private CacheManager manager;

  @Override
  protected Cache<String, byte[]> open(MutableConfiguration<String, byte[]> configuration) {
    manager = provider(PROVIDER).getCacheManager();
    return manager.createCache(CACHE_NAME, configuration);
  }

  @Override
  protected void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Override
  protected String peer() {
    return "Caffeine JCache";
  }
}
