package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * clear(), removeAll() and destroyCache touch only this cache's keys, never the rest of a server that other
 * caches and applications share (docs/operations.md, "Sharing servers with other applications").
 */
class CacheScopeTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private static Cache<String, String> filled(CacheManager manager, String name) {
    Cache<String, String> cache = manager.createCache(name, new MutableConfiguration<String, String>());
    for (int i = 0; i < 300; i++) {
      cache.put(name + "-" + i, "v" + i);
    }
    return cache;
  }

  private void assertOthersUntouched(Cache<String, String> sibling, Cache<String, String> otherNamespace) {
    assertThat(sibling).hasSize(300);
    assertThat(otherNamespace).hasSize(300);
    assertThat(servers.store.raw("someone-else:key")).containsExactly(42);
  }

  private CacheManager manager;
  private Cache<String, String> target;
  private Cache<String, String> sibling;
  private Cache<String, String> otherNamespace;

  private void fill() {
    manager = servers.manager(provider, "scope");
    target = filled(manager, "target");
    sibling = filled(manager, "targetSibling");
    otherNamespace = filled(servers.manager(provider, "scope2"), "target");
    servers.store.put("someone-else:key", new byte[] {42}, 0);
  }

  @Test
  void clearRemovesOnlyThisCachesKeys() {
    fill();
    target.clear();
    assertThat(target.iterator().hasNext()).isFalse();
    assertOthersUntouched(sibling, otherNamespace);
  }

  @Test
  void removeAllRemovesOnlyThisCachesKeys() {
    fill();
    target.removeAll();
    assertThat(target.iterator().hasNext()).isFalse();
    assertOthersUntouched(sibling, otherNamespace);
  }

  @Test
  void destroyCacheRemovesOnlyThisCachesKeys() {
    fill();
    manager.destroyCache("target");
    assertThat(target.isClosed()).isTrue();
    Cache<String, String> recreated = manager.createCache("target", new MutableConfiguration<String, String>());
    assertThat(recreated.iterator().hasNext()).isFalse();
    assertOthersUntouched(sibling, otherNamespace);
  }

  @Test
  void destroyingACacheThatIsNotOpenHereStillRemovesItsEntries() {
    fill();
    target.close();
    manager.destroyCache("target");
    assertThat(manager.createCache("target", new MutableConfiguration<String, String>()).iterator().hasNext())
        .isFalse();
    assertOthersUntouched(sibling, otherNamespace);
  }

  @Test
  void closeLeavesTheEntriesOnTheServers() {
    fill();
    target.close();
    Cache<String, String> reopened = manager.createCache("target", new MutableConfiguration<String, String>());
    assertThat(reopened).hasSize(300);
  }
}
