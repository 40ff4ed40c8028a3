package io.mcjcache.tck;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.config.ClusterSettings;

/**
 * TEMPORARY: runs the TCK on the in-memory store until the routed store over real memcached is in this
 * build; then this factory and its service registration go, and the TCK runs on the real cluster.
 */
public final class InMemoryStoreFactory implements ClusterStoreFactory {
  @Override
  public ClusterStore open(ClusterSettings settings) {
    return new InMemoryClusterStore(settings.itemSizeLimit());
  }
}
