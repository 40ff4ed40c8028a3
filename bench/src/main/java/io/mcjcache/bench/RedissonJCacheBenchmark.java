package io.mcjcache.bench;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

/**
 * Redisson's JCache on a local redis-server that this benchmark starts and stops: the networked JCache
 * peer. Redisson with its defaults (codec, connection pool, threads) except the one server's address;
 * the JCache configuration is the same as every other peer's.
 */
public class RedissonJCacheBenchmark extends JCacheBenchmark {
  static final String PROVIDER = "org.redisson.jcache.JCachingProvider";

  private RedisServer server;
  private RedissonClient redisson;
  private CacheManager manager;

  @Override
  protected Cache<String, byte[]> open(MutableConfiguration<String, byte[]> configuration) {
    server = RedisServer.start();
    Config config = new Config();
    config.useSingleServer().setAddress(server.redisUri());
    redisson = Redisson.create(config);
    manager = provider(PROVIDER).getCacheManager();
    return manager.createCache(CACHE_NAME, RedissonConfiguration.fromInstance(redisson, configuration));
  }

  @Override
  protected void close() {
    if (manager != null) {
      manager.close();
    }
    if (redisson != null) {
      redisson.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected String peer() {
    return "Redisson JCache";
  }
}
