package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The spec's lifecycle rules for provider, manager and cache, on the in-memory store. */
class ProviderLifecycleTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void providerIsFoundByServiceLoaderUnderItsClassName() {
    CachingProvider found = Caching.getCachingProvider(MemcachedCachingProvider.class.getName());
    assertThat(found).isInstanceOf(MemcachedCachingProvider.class);
  }

  @Test
  void sameUriAndClassLoaderGiveTheSameManagerUntilItIsClosed() {
    URI uri = URI.create(SharedStore.CLUSTER);
    ClassLoader loader = getClass().getClassLoader();
    CacheManager first = provider.getCacheManager(uri, loader);
    assertThat(provider.getCacheManager(uri, loader)).isSameAs(first);

    first.close();
    assertThat(first.isClosed()).isTrue();
    assertThatThrownBy(() -> first.getCache("any")).isInstanceOf(IllegalStateException.class);
    CacheManager second = provider.getCacheManager(uri, loader);
    assertThat(second).isNotSameAs(first);
    assertThat(second.isClosed()).isFalse();
  }

  @Test
  void anotherClassLoaderGetsAnotherManager() throws Exception {
    URI uri = URI.create(SharedStore.CLUSTER);
    try (URLClassLoader other = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
      CacheManager mine = provider.getCacheManager(uri, getClass().getClassLoader());
      CacheManager theirs = provider.getCacheManager(uri, other);
      assertThat(theirs).isNotSameAs(mine);
      assertThat(theirs.getClassLoader()).isSameAs(other);
    }
  }

  @Test
  void closingTheProviderClosesItsManagersAndTheirCaches() {
    CacheManager manager = servers.manager(provider, "life");
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
    provider.close();
    assertThat(manager.isClosed()).isTrue();
    assertThat(cache.isClosed()).isTrue();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void createCacheTwiceIsAnErrorButAClosedCacheCanBeCreatedAgain() {
    CacheManager manager = servers.manager(provider, "life");
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
    assertThatThrownBy(() -> manager.createCache("c", new MutableConfiguration<String, String>()))
        .isInstanceOf(CacheException.class)
        .hasMessageContaining("c");
    cache.close();
    assertThat(manager.getCache("c")).isNull();
    assertThat(manager.createCache("c", new MutableConfiguration<String, String>()).isClosed()).isFalse();
  }

  @Test
  void storeByReferenceIsRefusedNamingTheCache() {
    CacheManager manager = servers.manager(provider, "life");
    assertThatThrownBy(() -> manager.createCache("byRef", new MutableConfiguration<>().setStoreByValue(false)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("byRef");
  }

  @Test
  void getCacheWithOtherTypesIsAClassCastException() {
    CacheManager manager = servers.manager(provider, "life");
    manager.createCache("typed", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    assertThat(manager.getCache("typed", String.class, Long.class)).isNotNull();
    assertThatThrownBy(() -> manager.getCache("typed", String.class, String.class))
        .isInstanceOf(ClassCastException.class)
        .hasMessageContaining("java.lang.Long");
  }

  @Test
  void closingAManagerClosesItsStoreConnection() {
    // A manager owns the store it opened; the shared in-memory store only stands for the servers.
    CacheManager manager = servers.manager(provider, "life");
    manager.close();
    assertThat(servers.opened).hasSize(1);
    assertThat(servers.store.isClosed()).isFalse();
  }

  @Test
  void unwrapGivesTheImplementationClassesAndRefusesOthers() {
    CacheManager manager = servers.manager(provider, "life");
    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<String, String>());
    assertThat(manager.unwrap(MemcachedCacheManager.class)).isSameAs(manager);
    assertThat(cache.unwrap(MemcachedCache.class)).isSameAs(cache);
    assertThatThrownBy(() -> cache.unwrap(String.class)).isInstanceOf(IllegalArgumentException.class);
  }
}
