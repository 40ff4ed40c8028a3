package io.mcjcache;

import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.cluster.RoutedClusterStore;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import javax.cache.CacheException;

/**
 * Finds the {@link ClusterStoreFactory} a provider opens its stores with: the one registered as a
 * service, else the routed store over real memcached servers. Two registered factories are a
 * configuration error, not a coin toss.
 */
final class StoreFactories {
  private StoreFactories() {}

  static ClusterStoreFactory find(ClassLoader classLoader) {
    List<ClusterStoreFactory> found = ServiceLoader.load(ClusterStoreFactory.class, classLoader).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
    if (found.size() > 1) {
      throw new CacheException("mcjcache: more than one " + ClusterStoreFactory.class.getName()
          + " is registered as a service, remove all but one: "
          + found.stream().map(f -> f.getClass().getName()).collect(Collectors.joining(", ")));
    }
    return found.isEmpty() ? routed() : found.get(0);
  }

  /**
   * The real store: routed and mirrored over the configured servers. Items are value envelopes, so the
   * store asks {@link EnvelopeExpiry} how long a copy it moves between nodes may live.
   */
  static ClusterStoreFactory routed() {
    return settings -> RoutedClusterStore.open(settings, EnvelopeExpiry::exptimeOf);
  }
}
