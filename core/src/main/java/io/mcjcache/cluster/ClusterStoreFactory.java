package io.mcjcache.cluster;

import io.mcjcache.config.ClusterSettings;

/**
 * Opens the {@link ClusterStore} a CacheManager talks to. A service-provider interface so that tests
 * (and the TCK runner while the routed store is young) can substitute a store without touching the
 * JCache layer: the provider takes the one implementation {@link java.util.ServiceLoader} finds on its
 * class path, and the routed store over real memcached servers when there is none.
 */
public interface ClusterStoreFactory {

  /**
   * A new store for the cluster {@code settings} describe; the caller owns it and closes it.
   *
   * @throws StoreException if the store cannot be opened
   */
  ClusterStore open(ClusterSettings settings);
}
