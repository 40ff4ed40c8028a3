package io.mcjcache.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcjcache.testkit.MemcachedCluster;
import java.net.URI;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import net.spy.memcached.CachedData;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;
import org.junit.jupiter.api.Test;

/**
 * Raw spymemcached's {@code format=mcjcache} moves exactly what mcjcache stores: the same memcached key and
 * the same item bytes for an entry that mcjcache itself wrote, so that the floor it gives is mcjcache's own.
 */
class WireFormTest {
  /**
   * The item's bytes whatever its flags: mcjcache writes its items with flags 0x4D43, whose low bits
   * spymemcached's default transcoder would take for a compressed, serialized object.
   */
  private static final Transcoder<byte[]> ITEM_BYTES = new Transcoder<>() {
    @Override
    public boolean asyncDecode(CachedData data) {
      return false;
    }

    @Override
    public CachedData encode(byte[] bytes) {
      return new CachedData(0, bytes, getMaxSize());
    }

    @Override
    public byte[] decode(CachedData data) {
      return data.getData();
    }

    @Override
    public int getMaxSize() {
      return CachedData.MAX_SIZE;
    }
  };

  private final Dataset data = new Dataset();

  @Test
  void theMcjcacheFormIsWhatMcjcacheStores() throws Exception {
    WireForm form = WireForm.of(WireForm.MCJCACHE, data);
    String longest = data.key(Dataset.KEY_COUNT - 1);
    try (MemcachedCluster cluster = MemcachedCluster.start(1)) {
      URI uri = URI.create(cluster.uri() + "?mirror=none&nearCache.maxEntries=0&liveness.file=none&namespace="
          + WireForm.NAMESPACE);
      CacheManager manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
          .getCacheManager(uri, getClass().getClassLoader());
      try {
        Cache<String, byte[]> cache = manager.createCache(JCacheBenchmark.CACHE_NAME,
            new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
        cache.put(longest, data.value());

        MemcachedClient raw = new MemcachedClient(new ConnectionFactoryBuilder()
            .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT).setDaemon(true).build(), cluster.addresses());
        try {
          Object stored = raw.get(form.key(longest), ITEM_BYTES);
          assertTrue(stored instanceof byte[], "mcjcache stored nothing under " + form.key(longest));
          assertArrayEquals((byte[]) stored, form.item(data.value()));
          assertArrayEquals(data.value(), form.readBack(Map.of(form.key(longest), stored)).get(longest),
              "the preload's read-back sees the data set's value");
        } finally {
          raw.shutdown();
        }
      } finally {
        manager.close();
      }
    }
  }

  @Test
  void theRawFormIsTheDataItself() {
    WireForm form = WireForm.of(WireForm.RAW, data);
    byte[] value = data.value();

    assertEquals("bench:7", form.key("bench:7"));
    assertEquals(List.of("bench:1", "bench:2"), form.keys(List.of("bench:1", "bench:2")));
    assertTrue(form.item(value) == value);
  }

  @Test
  void anUnknownFormIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WireForm.of("binary", data));
    assertTrue(e.getMessage().contains("got binary"), e.getMessage());
  }
}
