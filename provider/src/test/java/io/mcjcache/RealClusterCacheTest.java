package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache on real memcached servers through the routed store (2 nodes, mirror=pairs): sharing between
 * "JVMs" (providers), namespacing, complete clears under hot reads, millisecond expiry.
 */
class RealClusterCacheTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private final MemcachedCachingProvider firstJvm = new MemcachedCachingProvider();
  private final MemcachedCachingProvider secondJvm = new MemcachedCachingProvider();

  @AfterEach
  void close() {
    firstJvm.close();
    secondJvm.close();
  }

  private CacheManager manager(MemcachedCachingProvider provider, String namespace) {
    URI uri = URI.create(CLUSTER.cluster().uri() + "?mirror=pairs&namespace=" + namespace);
    return provider.getCacheManager(uri, getClass().getClassLoader());
  }

  private static Cache<Integer, String> cache(CacheManager manager, String name) {
    return manager.createCache(name, new MutableConfiguration<Integer, String>().setTypes(Integer.class, String.class));
  }

  private static Map<Integer, String> entries(int count) {
    Map<Integer, String> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(i, "value-" + i);
    }
    return entries;
  }

  @Test
  void twoJvmsOnTheSameNamespaceShareEntriesAndOtherNamespacesDoNot() {
    Cache<Integer, String> writer = cache(manager(firstJvm, "share"), "c");
    Cache<Integer, String> reader = cache(manager(secondJvm, "share"), "c");
    Cache<Integer, String> stranger = cache(manager(secondJvm, "stranger"), "c");

    writer.putAll(entries(200));
    assertThat(reader.getAll(entries(200).keySet())).isEqualTo(entries(200));
    javax.cache.processor.EntryProcessor<Integer, String, String> read = (entry, args) -> entry.getValue();
    assertThat(reader.invoke(7, read)).isEqualTo("value-7");
    assertThat(stranger.getAll(entries(200).keySet())).isEmpty();
    assertThat(stranger.iterator().hasNext()).isFalse();
  }

  /** Guarantee 1 (docs/design.md, "Guarantees") through javax.cache: with pairs a dead node costs nothing. */
  @Test
  void aDeadNodeCostsNothingWithPairsAndOperatorsSeeItThroughUnwrap() throws InterruptedException {
    CacheManager manager = manager(firstJvm, "failover");
    Cache<Integer, String> cache = cache(manager, "c");
    cache.putAll(entries(500));
    RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);

    CLUSTER.cluster().node(1).kill();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.view().isAlive(1) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.view().isAlive(1)).as("node 1 seen dead").isFalse();
    assertThat(cache.getAll(entries(500).keySet())).isEqualTo(entries(500));
    assertThat(cache.get(42)).isEqualTo("value-42");
    assertThat(store.figures().getNodeStates().get(1)).contains("DEAD");
  }

  /**
   * Nothing that must be complete may trust one listing pass (docs/design.md, "Facts about memcached");
   * test it with hot reads.
   */
  @Test
  void clearWhileTheKeysAreReadHotLeavesNoneOfThem() throws Exception {
    Cache<Integer, String> cache = cache(manager(firstJvm, "hot"), "c");
    Cache<Integer, String> sibling = cache(manager(firstJvm, "hot"), "sibling");
    Map<Integer, String> entries = entries(3000);
    cache.putAll(entries);
    sibling.putAll(entries(10));

    AtomicBoolean reading = new AtomicBoolean(true);
    AtomicLong reads = new AtomicLong();
    Thread reader = new Thread(() -> {
      while (reading.get()) {
        cache.get(ThreadLocalRandom.current().nextInt(entries.size()));
        reads.incrementAndGet();
      }
    });
    reader.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (reads.get() < 100 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      cache.clear();
    } finally {
      reading.set(false);
      reader.join(10_000);
    }
    assertThat(reads.get()).isGreaterThanOrEqualTo(100);
    assertThat(cache.getAll(entries.keySet())).isEmpty();
    assertThat(cache.iterator().hasNext()).isFalse();
    assertThat(sibling.getAll(entries(10).keySet())).hasSize(10);
  }

  @Test
  void anEntryIsNeverReadAfterItsExpiryTime() {
    ExpiryPolicy policy = new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 300));
    javax.cache.configuration.Factory<ExpiryPolicy> factory = () -> policy;
    Cache<Integer, String> cache = manager(firstJvm, "expiry").createCache("c",
        new MutableConfiguration<Integer, String>().setExpiryPolicyFactory(factory));
    long before = System.currentTimeMillis();
    cache.put(1, "short-lived");
    long after = System.currentTimeMillis();

    long goneAt = 0;
    while (goneAt == 0 && System.currentTimeMillis() < before + 10_000) {
      long readStart = System.currentTimeMillis();
      if (cache.get(1) == null) {
        goneAt = System.currentTimeMillis();
      } else {
        // A hit only while the entry's time (at most after + 300 ms) has not come.
        assertThat(readStart).isLessThan(after + 300);
      }
    }
    assertThat(goneAt).isGreaterThanOrEqualTo(before + 300);
  }
}
