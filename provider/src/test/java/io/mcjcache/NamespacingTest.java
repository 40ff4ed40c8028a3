package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A cache's identity on the servers is (namespace, cache name), and nothing local to one JVM
 * (docs/design.md, "JCache on memcached").
 */
class NamespacingTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private static Cache<String, String> cache(CacheManager manager, String name) {
    return manager.createCache(name, new MutableConfiguration<String, String>().setTypes(String.class, String.class));
  }

  @Test
  void managersWithDifferentNamespacesNeverSeeEachOthersEntries() {
    Cache<String, String> blue = cache(servers.manager(provider, "blue"), "users");
    Cache<String, String> green = cache(servers.manager(provider, "green"), "users");

    blue.put("alice", "blue-alice");
    green.put("alice", "green-alice");
    green.put("bob", "green-bob");

    assertThat(blue.get("alice")).isEqualTo("blue-alice");
    assertThat(blue.containsKey("bob")).isFalse();
    assertThat(blue).extracting(Cache.Entry::getKey).containsExactly("alice");

    blue.clear();
    assertThat(green.get("alice")).isEqualTo("green-alice");
    assertThat(green.get("bob")).isEqualTo("green-bob");
  }

  @Test
  void createCacheInAnotherManagerAttachesToTheEntriesAlreadyOnTheServers() {
    CacheManager first = servers.manager(provider, "shared");
    cache(first, "orders").put("o-1", "paid");
    first.close();

    // Another provider stands for another JVM: nothing of the first one is reachable from it.
    MemcachedCachingProvider otherJvm = servers.provider();
    try {
      Cache<String, String> attached = cache(servers.manager(otherJvm, "shared"), "orders");
      assertThat(attached.get("o-1")).isEqualTo("paid");
    } finally {
      otherJvm.close();
    }
  }

  @Test
  void cachesOfOneManagerAreSeparate() {
    CacheManager manager = servers.manager(provider, "one");
    Cache<String, String> a = cache(manager, "a");
    Cache<String, String> b = cache(manager, "a:b");
    a.put("k", "in-a");
    assertThat(b.get("k")).isNull();
    b.put("k", "in-a:b");
    a.clear();
    assertThat(b.get("k")).isEqualTo("in-a:b");
  }
}
