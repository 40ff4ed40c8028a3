package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.cluster.StoreException;
import io.mcjcache.cluster.StoreUnavailableException;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * README guarantee 4 through the JCache API: with {@code allDown=error} every node down is a
 * {@link CacheException}, the spec's exception, for reads and writes alike. The core knows nothing of JCache
 * and throws its own {@link StoreException}; the provider's border ({@code JCacheFailures}) turns it into
 * the spec's exception with the store's as the cause. {@code allDown=miss} degrades to misses instead.
 */
class AllNodesDownCacheTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void everyNodeDownIsTheSpecsCacheExceptionOrAMiss() {
    MemcachedCluster cluster = CLUSTER.cluster();
    MemcachedCachingProvider provider = new MemcachedCachingProvider();
    String query = "?mirror=pairs&opTimeoutMs=200&healthIntervalMs=100&liveness.file=none&liveness.syncMs=0";
    try (CacheManager failing = provider.getCacheManager(URI.create(cluster.uri() + query + "&namespace=adc1"),
        getClass().getClassLoader());
        CacheManager missing = provider.getCacheManager(
            URI.create(cluster.uri() + query + "&namespace=adc2&allDown=miss"), getClass().getClassLoader())) {
      Cache<String, String> error = failing.createCache("c", new MutableConfiguration<String, String>());
      Cache<String, String> miss = missing.createCache("c", new MutableConfiguration<String, String>());
      error.put("k", "v");
      miss.put("k", "v");
      try {
        cluster.nodes().forEach(MemcachedNode::kill);
        // The first calls meet the dead nodes and mark them; from then on every call fails at once.
        for (int i = 0; i < 3; i++) {
          try {
            error.put("k", "w");
          } catch (CacheException expected) {
            // nodes being found dead
          }
        }
        assertThatThrownBy(() -> error.get("k")).isInstanceOf(CacheException.class)
            .hasCauseInstanceOf(StoreUnavailableException.class).hasMessageContaining("down");
        assertThatThrownBy(() -> error.put("k", "x")).isInstanceOf(CacheException.class)
            .hasCauseInstanceOf(StoreUnavailableException.class);
        for (int i = 0; i < 3; i++) {
          miss.put("k", "w"); // dropped while nodes are found dead, never thrown
        }
        assertThat(miss.get("k")).as("a read with every node down and allDown=miss").isNull();
      } finally {
        cluster.nodes().forEach(MemcachedNode::restart);
      }
    }
  }
}
