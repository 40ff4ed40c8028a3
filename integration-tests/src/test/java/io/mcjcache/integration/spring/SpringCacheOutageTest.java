package io.mcjcache.integration.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.integration.spring.CachingConfiguration.CacheSource;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Guarantee 4 (docs/design.md, "Guarantees") under Spring: with {@code allDown=miss}, killing every memcached
 * node turns the cache into misses and dropped writes, so each {@code @Cacheable} call runs its method and
 * nothing the cache abstraction does throws.
 */
class SpringCacheOutageTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private AnnotationConfigApplicationContext context;

  @AfterEach
  void close() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void withAllDownMissEveryCallRunsTheMethodWhenEveryNodeIsDead() {
    URI uri = URI.create(CLUSTER.cluster().uri() + "?namespace=spring-outage&allDown=miss&healthIntervalMs=100");
    context = CachingConfiguration.start(new CacheSource(uri, getClass().getClassLoader()));
    BookCatalog catalog = context.getBean(BookCatalog.class);
    catalog.store(1, "Title 1");
    catalog.title(1);
    catalog.title(1);
    assertThat(catalog.lookups()).as("cached while the servers are up").isEqualTo(1);

    CLUSTER.cluster().nodes().forEach(MemcachedNode::kill);
    io.mcjcache.integration.Outages.awaitAllDown(
        context.getBean(JCacheCacheManager.class).getCacheManager());

    // Keys never cached before the outage, so that no near-cache copy can answer for the servers.
    for (int call = 0; call < 3; call++) {
      catalog.store(2, "Title 2 v" + call);
      assertThat(catalog.title(2)).isEqualTo("Title 2 v" + call);
      assertThat(catalog.loadedTitle(2)).isEqualTo("Title 2 v" + call);
      assertThat(catalog.shelf("Le Guin", 1969)).hasSize(2);
    }
    assertThat(catalog.lookups()).as("every call ran its method").isEqualTo(1 + 3 * 3);
    catalog.rename(2, "Renamed");
    catalog.renameAll(" (2nd ed.)");
    org.springframework.cache.Cache titles = context.getBean(JCacheCacheManager.class).getCache(BookCatalog.TITLES);
    assertThat(titles.putIfAbsent(3L, "x")).isNull();
    assertThat(titles.get(3L)).as("the write was dropped").isNull();
    assertThat(titles.get(4L, () -> "loaded")).isEqualTo("loaded");
    titles.clear();
  }
}
