package io.mcjcache.demo;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.testkit.MemcachedCluster;
import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * Full mcjcache through plain {@code javax.cache} calls, as an application uses it: pairs, rehash,
 * recovery fallback with read repair, episodes closed by moving copies home. The router's liveness view
 * is read through {@code CacheManager.unwrap(RoutedClusterStore.class)}, the operator's door.
 */
final class McjcacheStrategy implements Strategy {
  private static final String PROVIDER = "io.mcjcache.MemcachedCachingProvider";

  private final CacheManager manager;
  private final Cache<String, String> cache;
  private final RoutedClusterStore store;

  private McjcacheStrategy(CacheManager manager) {
    this.manager = manager;
    this.cache = manager.createCache("demo", new MutableConfiguration<String, String>()
        .setTypes(String.class, String.class));
    this.store = manager.unwrap(RoutedClusterStore.class);
  }

  static McjcacheStrategy open(MemcachedCluster cluster) {
    // Defaults except the probe period and timeout, which every strategy of the demo shares.
    URI uri = URI.create(cluster.uri() + "?mirror=pairs&namespace=demo&nearCache.maxEntries=0"
        + "&healthIntervalMs=" + NodeClient.PROBE_INTERVAL.toMillis()
        + "&opTimeoutMs=" + NodeClient.OP_TIMEOUT.toMillis());
    CachingProvider provider = Caching.getCachingProvider(PROVIDER);
    return new McjcacheStrategy(provider.getCacheManager(uri, McjcacheStrategy.class.getClassLoader()));
  }

  /** {@code putAll} returns normally or throws: all acknowledged, or none as far as the caller can tell. */
  @Override
  public Set<String> putAll(Map<String, String> entries) {
    try {
      cache.putAll(entries);
      return entries.keySet();
    } catch (CacheException e) {
      return Set.of();
    }
  }

  @Override
  public Set<String> deleteAll(Collection<String> keys) {
    Set<String> batch = new HashSet<>(keys);
    try {
      cache.removeAll(batch);
      return batch;
    } catch (CacheException e) {
      return Set.of();
    }
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    return cache.getAll(new HashSet<>(keys));
  }

  @Override
  public boolean seesAlive(int node) {
    return store.view().isAlive(node);
  }

  @Override
  public void close() {
    manager.close();
  }
}
