package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.config.NearCacheSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which near cache a cache gets (docs/near-cache.md, "Configuration"). Most specific first: the manager's
 * {@code cache.<name>.nearCache.*} properties, a {@link MemcachedConfiguration}, the manager's
 * {@code nearCache.*}.
 */
class NearCacheConfigurationTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private CacheManager manager(String... keyValues) {
    Properties properties = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      properties.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return provider.getCacheManager(URI.create(SharedStore.CLUSTER), getClass().getClassLoader(), properties);
  }

  private static NearCacheSettings nearCacheOf(Cache<?, ?> cache) {
    return cache.unwrap(MemcachedCache.class).nearCacheSettings();
  }

  @Test
  void withoutAnythingSaidACacheGetsTheManagersNearCache() {
    CacheManager manager = manager("nearCache.ttlMs", "250");

    Cache<String, String> cache = manager.createCache("c", new MutableConfiguration<>());

    assertThat(nearCacheOf(cache)).isEqualTo(new NearCacheSettings(NearCacheSettings.DEFAULT_MAX_ENTRIES, 250));
  }

  @Test
  void aMemcachedConfigurationBeatsTheManagerWideSettings() {
    CacheManager manager = manager("nearCache.maxEntries", "10", "nearCache.ttlMs", "250");

    Cache<String, String> cache = manager.createCache("c",
        new MemcachedConfiguration<String, String>().setNearCache(5000, 50));

    assertThat(nearCacheOf(cache)).isEqualTo(new NearCacheSettings(5000, 50));
  }

  /** An operator can switch one cache's near cache off without touching the application's code. */
  @Test
  void perCachePropertiesBeatAMemcachedConfiguration() {
    CacheManager manager = manager("nearCache.ttlMs", "250", "cache.c.nearCache.maxEntries", "0");

    Cache<String, String> cache = manager.createCache("c",
        new MemcachedConfiguration<String, String>().setNearCache(5000, 50));
    Cache<String, String> other = manager.createCache("other",
        new MemcachedConfiguration<String, String>().setNearCache(5000, 50));

    assertThat(nearCacheOf(cache)).isEqualTo(new NearCacheSettings(0, 250));
    assertThat(nearCacheOf(other)).isEqualTo(new NearCacheSettings(5000, 50));
  }

  @Test
  void aCacheWithItsNearCacheOffAsksTheServersEveryTime() {
    Cache<String, String> cache = manager().createCache("c",
        new MemcachedConfiguration<String, String>().setNearCache(0, 1000));
    cache.put("k", "v");
    servers.store.resetCalls();

    cache.get("k");
    cache.get("k");

    assertThat(servers.store.calls("get")).isEqualTo(2);
    assertThat(cache.unwrap(MemcachedCache.class).nearCacheCounts().hits()).isZero();
  }

  @Test
  void theConfigurationIsHandedBackAsACopyWithItsNearCache() {
    MemcachedConfiguration<String, String> requested = new MemcachedConfiguration<String, String>()
        .setNearCache(77, 88).setTypes(String.class, String.class);
    Cache<String, String> cache = manager().createCache("c", requested);

    @SuppressWarnings("unchecked")
    MemcachedConfiguration<String, String> handedOut = cache.getConfiguration(MemcachedConfiguration.class);
    handedOut.setNearCache(1, 1);

    assertThat(cache.getConfiguration(MemcachedConfiguration.class).getNearCache())
        .contains(new NearCacheSettings(77, 88));
    assertThat(cache.getConfiguration(CompleteConfiguration.class).getKeyType()).isEqualTo(String.class);
  }

  @Test
  void aPlainConfigurationIsNotAMemcachedConfiguration() {
    Cache<String, String> cache = manager().createCache("c", new MutableConfiguration<>());

    assertThatThrownBy(() -> cache.getConfiguration(MemcachedConfiguration.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(MemcachedConfiguration.class.getName());
  }

  @Test
  void badNearCacheValuesAreRefusedByName() {
    MemcachedConfiguration<String, String> configuration = new MemcachedConfiguration<>();

    assertThatThrownBy(() -> configuration.setNearCache(-1, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache.maxEntries");
    assertThatThrownBy(() -> configuration.setNearCache(10, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nearCache.ttlMs");
  }

  @Test
  void equalityAndSerializationIncludeTheNearCache() throws Exception {
    MemcachedConfiguration<String, String> configuration = new MemcachedConfiguration<String, String>()
        .setNearCache(10, 20);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(configuration);
    }
    Object copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }

    assertThat(copy).isEqualTo(configuration).hasSameHashCodeAs(configuration);
    assertThat(new MemcachedConfiguration<String, String>().setNearCache(10, 21)).isNotEqualTo(configuration);
    assertThat(new MemcachedConfiguration<>(configuration)).isEqualTo(configuration);
  }
}
