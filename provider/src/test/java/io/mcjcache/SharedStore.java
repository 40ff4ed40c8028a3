package io.mcjcache;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.cluster.ForwardingClusterStore;
import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.config.ClusterSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import javax.cache.CacheManager;

/**
 * One in-memory "cluster" that every manager of a test opens, the way several JVMs open the same
 * servers: managers come and go, the entries stay. Records the settings each manager opened it with.
 */
final class SharedStore implements ClusterStoreFactory {
  final InMemoryClusterStore store;
  final List<ClusterSettings> opened = new ArrayList<>();

  SharedStore() {
    this(new InMemoryClusterStore());
  }

  SharedStore(InMemoryClusterStore store) {
    this.store = store;
  }

  @Override
  public synchronized ClusterStore open(ClusterSettings settings) {
    opened.add(settings);
    return new NonClosing(store);
  }

  /** A provider whose managers all use this store. */
  MemcachedCachingProvider provider() {
    return new MemcachedCachingProvider(this);
  }

  /** A manager on this store with {@code namespace}. */
  CacheManager manager(MemcachedCachingProvider provider, String namespace) {
    return provider.getCacheManager(URI.create(CLUSTER + "?namespace=" + namespace), getClass().getClassLoader());
  }

  /** Servers the in-memory store stands for; nothing listens there. */
  static final String CLUSTER = "memcached://127.0.0.1:11211,127.0.0.1:11212";

  /** Closing a manager closes its connections, not the servers: the shared store stays open. */
  private static final class NonClosing extends ForwardingClusterStore {
    NonClosing(ClusterStore delegate) {
      super(delegate);
    }

    @Override
    public void close() {}
  }
}
