package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Store-by-value: a returned object is always a fresh copy (docs/design.md, "JCache on memcached"). */
class StoreByValueTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void changingAValueAfterPutOrAfterGetDoesNotChangeTheCache() {
    Cache<String, ArrayList<String>> cache =
        servers.manager(provider, "copies").createCache("lists", new MutableConfiguration<>());
    ArrayList<String> written = new ArrayList<>(List.of("a"));
    cache.put("k", written);
    written.add("changed after put");

    ArrayList<String> first = cache.get("k");
    first.add("changed after get");
    ArrayList<String> second = cache.get("k");

    assertThat(second).containsExactly("a");
    assertThat(second).isNotSameAs(first);
  }

  @Test
  void iterationAndGetAllHandOutCopiesToo() {
    Cache<String, ArrayList<String>> cache =
        servers.manager(provider, "copies").createCache("lists", new MutableConfiguration<>());
    cache.put("k", new ArrayList<>(List.of("a")));

    cache.getAll(java.util.Set.of("k")).get("k").add("x");
    for (Cache.Entry<String, ArrayList<String>> entry : cache) {
      entry.getValue().add("y");
    }
    assertThat(cache.get("k")).containsExactly("a");
  }
}
