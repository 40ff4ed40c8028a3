package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.codec.ValueTooLargeException;
import java.util.Map;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A value over the server's item size limit is a clear error naming it; nothing half-written
 * (docs/design.md, "JCache on memcached").
 */
class ValueSizeTest {
  private final SharedStore servers = new SharedStore(new InMemoryClusterStore(4096));
  private final MemcachedCachingProvider provider = servers.provider();

  @AfterEach
  void closeProvider() {
    provider.close();
  }

  @Test
  void anOversizedValueIsRefusedBeforeAnythingIsWritten() {
    Cache<String, String> cache = servers.manager(provider, "size").createCache("c", new MutableConfiguration<>());
    cache.put("k", "small");
    String big = "x".repeat(10_000);

    assertThatThrownBy(() -> cache.put("k", big))
        .isInstanceOfSatisfying(ValueTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(4096))
        .hasMessageContaining("-I");
    assertThat(cache.get("k")).isEqualTo("small");

    assertThatThrownBy(() -> cache.putAll(Map.of("a", "fine", "b", big)))
        .isInstanceOf(ValueTooLargeException.class);
    assertThat(cache.containsKey("a")).isFalse();
  }
}
