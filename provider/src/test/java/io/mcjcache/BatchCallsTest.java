package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.cache.Cache;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * getAll, putAll and removeAll(keys) batch per node, not one round trip per key (docs/jcache.md, "Operations
 * and atomicity"). The in-memory store counts calls; the routed store turns one batch call into one round
 * trip per node.
 */
class BatchCallsTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  private static Map<Integer, String> entries(int count) {
    Map<Integer, String> entries = new HashMap<>();
    for (int i = 0; i < count; i++) {
      entries.put(i, "value-" + i);
    }
    return entries;
  }

  private long singleKeyCalls() {
    return servers.store.calls("get") + servers.store.calls("put") + servers.store.calls("update")
        + servers.store.calls("delete");
  }

  /** Near cache off: this test counts the calls that reach the store, and a near cache would answer getAll. */
  @Test
  void putAllGetAllAndRemoveAllUseOneBatchCallEach() {
    Cache<Integer, String> cache = servers.manager(provider, "batch").createCache("c",
        new MemcachedConfiguration<Integer, String>().setNearCache(0, 1000));
    Map<Integer, String> entries = entries(100);
    servers.store.resetCalls();

    cache.putAll(entries);
    assertThat(servers.store.calls("putAll")).isEqualTo(1);

    Map<Integer, String> read = cache.getAll(new TreeSet<>(entries.keySet()));
    assertThat(read).isEqualTo(entries);
    assertThat(servers.store.calls("getAll")).isEqualTo(1);

    cache.removeAll(Set.of(1, 2, 3));
    assertThat(servers.store.calls("deleteAll")).isEqualTo(1);
    assertThat(singleKeyCalls()).isZero();
    assertThat(cache.getAll(Set.of(1, 2, 3, 4))).containsOnlyKeys(4);
  }

  /** Listeners need old values and created/updated decisions: still read and written in batches. */
  @Test
  void putAllWithAListenerStillReadsAndWritesInBatches() {
    MutableConfiguration<Integer, String> configuration = new MutableConfiguration<Integer, String>()
        .addCacheEntryListenerConfiguration(new MutableCacheEntryListenerConfiguration<>(
            FactoryBuilder.factoryOf(new CountingCreatedListener()), null, false, true));
    Cache<Integer, String> cache = servers.manager(provider, "batch").createCache("c", configuration);
    servers.store.resetCalls();

    cache.putAll(entries(50));

    assertThat(servers.store.calls("getAll")).isEqualTo(1);
    assertThat(servers.store.calls("putAll")).isEqualTo(1);
    assertThat(singleKeyCalls()).isZero();
  }

  /** Serializable so that FactoryBuilder.factoryOf can take an instance. */
  static final class CountingCreatedListener
      implements CacheEntryCreatedListener<Integer, String>, java.io.Serializable {
    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends Integer, ? extends String>> events) {}
  }
}
