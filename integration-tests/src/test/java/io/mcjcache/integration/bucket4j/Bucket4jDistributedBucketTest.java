package io.mcjcache.integration.bucket4j;

import io.github.bucket4j.grid.jcache.Bucket4jJCache;
import io.github.bucket4j.grid.jcache.JCacheProxyManager;
import io.github.bucket4j.tck.AbstractDistributedBucketTest;
import io.github.bucket4j.tck.ProxyManagerSpec;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bucket4j's distributed-bucket suite ({@link AbstractDistributedBucketTest}, from bucket4j_jdk17-core's
 * test jar: 30 tests, among them 8 threads consuming 1,000 tokens from one bucket and parallel
 * initialisation of one bucket) with its {@link JCacheProxyManager} over an mcjcache cache on a 4-node
 * {@code mirror=pairs} cluster, wired as Bucket4j wires its own Hazelcast and Infinispan JCache tests.
 * Every bucket operation is one {@code Cache.invoke} of Bucket4j's entry processor, so the suite holds
 * only if {@code invoke} is atomic and, under contention, completes (README guarantee 7: atomic updates
 * complete while the key's owner is reachable). Expiry tests are skipped by the suite itself: the
 * JCache proxy manager does not support expiration-after-write.
 */
class Bucket4jDistributedBucketTest extends AbstractDistributedBucketTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static CacheManager manager;
  private static Cache<String, byte[]> buckets;

  @BeforeAll
  static void createBucketCache() {
    URI uri = URI.create(CLUSTER.cluster().uri() + "?mirror=pairs&namespace=bucket4j-tck");
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(uri, Bucket4jDistributedBucketTest.class.getClassLoader());
    buckets = manager.createCache("buckets",
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    specs = List.of(new ProxyManagerSpec<>(
        "JCacheProxyManager over mcjcache",
        () -> UUID.randomUUID().toString(),
        () -> Bucket4jJCache.entryProcessorBasedBuilder(buckets)));
  }

  @AfterAll
  static void closeManager() {
    if (manager != null) {
      manager.close();
    }
  }
}
