package io.mcjcache.integration.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.integration.spring.CachingConfiguration.CacheSource;
import io.mcjcache.management.JmxRegistration;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.cache.support.NullValue;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * Spring's cache abstraction on mcjcache on a real 2-node cluster: {@code @Cacheable}/{@code @CacheEvict}
 * through {@code JCacheCacheManager}, and the JCache calls Spring's {@code JCacheCache} makes that the
 * TCK does not single out: {@code NullValue} through a by-value round trip, {@code get(key, Callable)} and
 * {@code putIfAbsent} as {@code Cache.invoke}, {@code clear()} as {@code removeAll()}.
 */
class SpringCacheTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();
  private URI uri;

  @BeforeEach
  void uri(TestInfo info) {
    String namespace = "spring-" + Integer.toUnsignedString(info.getDisplayName().hashCode(), 36);
    uri = URI.create(CLUSTER.cluster().uri() + "?namespace=" + namespace);
  }

  @AfterEach
  void close() {
    contexts.forEach(AnnotationConfigApplicationContext::close);
  }

  /** One instance of the application; each has its own class loader, hence its own JCache manager. */
  private AnnotationConfigApplicationContext application() {
    ClassLoader own = new URLClassLoader(new URL[0], getClass().getClassLoader());
    AnnotationConfigApplicationContext context = CachingConfiguration.start(new CacheSource(uri, own));
    contexts.add(context);
    return context;
  }

  private static BookCatalog catalog(AnnotationConfigApplicationContext context) {
    BookCatalog catalog = context.getBean(BookCatalog.class);
    for (long id = 1; id <= 20; id++) {
      catalog.store(id, "Title " + id);
    }
    return catalog;
  }

  private static org.springframework.cache.Cache springCache(AnnotationConfigApplicationContext context, String name) {
    return context.getBean(JCacheCacheManager.class).getCache(name);
  }

  @SuppressWarnings("unchecked")
  private static Cache<Object, Object> jcache(AnnotationConfigApplicationContext context, String name) {
    return (Cache<Object, Object>) springCache(context, name).getNativeCache();
  }

  @Test
  void cacheableRunsTheMethodOnceAndAnotherInstanceReadsTheSameEntry() {
    AnnotationConfigApplicationContext first = application();
    BookCatalog catalog = catalog(first);

    assertThat(catalog.title(1)).isEqualTo("Title 1");
    assertThat(catalog.title(1)).isEqualTo("Title 1");
    assertThat(catalog.lookups()).isEqualTo(1);

    BookCatalog elsewhere = catalog(application());
    assertThat(elsewhere.title(1)).isEqualTo("Title 1");
    assertThat(elsewhere.lookups()).as("served from memcached, written by the first instance").isZero();
  }

  @Test
  void aNullResultIsCachedAsNullValueAndComesBackAsSpringsSingleton() {
    AnnotationConfigApplicationContext context = application();
    BookCatalog catalog = catalog(context);

    assertThat(catalog.title(404)).isNull();
    assertThat(catalog.title(404)).isNull();
    assertThat(catalog.lookups()).as("the null was cached").isEqualTo(1);
    // Spring recognises a cached null by identity; the by-value copy must resolve to the singleton.
    assertThat(jcache(context, BookCatalog.TITLES).get(404L)).isSameAs(NullValue.INSTANCE);
    ValueWrapper wrapper = springCache(context, BookCatalog.TITLES).get(404L);
    assertThat(wrapper).isNotNull();
    assertThat(wrapper.get()).isNull();
  }

  @Test
  void aMultiArgumentKeyIsASimpleKeyThatDeserializes() {
    AnnotationConfigApplicationContext context = application();
    BookCatalog catalog = catalog(context);

    assertThat(catalog.shelf("Le Guin", 1969)).containsExactly("Le Guin 1969 #1", "Le Guin 1969 #2");
    assertThat(catalog.shelf("Le Guin", 1969)).containsExactly("Le Guin 1969 #1", "Le Guin 1969 #2");
    assertThat(catalog.lookups()).isEqualTo(1);
    List<Object> keys = new ArrayList<>();
    jcache(context, BookCatalog.SHELVES).forEach(entry -> keys.add(entry.getKey()));
    assertThat(keys).containsExactly(new SimpleKey("Le Guin", 1969));
  }

  /**
   * An eviction is seen at once by the instance that made it, and by other instances once their near
   * cache entry is older than {@code nearCache.ttlMs} (docs/near-cache.md,
   * "Across JVMs: bounded staleness").
   */
  @Test
  void cacheEvictRemovesTheEntryHereAtOnceAndElsewhereWithinTheNearCacheBound() throws Exception {
    AnnotationConfigApplicationContext first = application();
    BookCatalog catalog = catalog(first);
    BookCatalog elsewhere = catalog(application());
    catalog.title(1);

    catalog.rename(1, "Renamed");
    assertThat(catalog.title(1)).isEqualTo("Renamed");
    assertThat(catalog.lookups()).isEqualTo(2);

    elsewhere.rename(1, "Renamed again");
    catalog.store(1, "Renamed again");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!catalog.title(1).equals("Renamed again") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(catalog.title(1)).isEqualTo("Renamed again");
  }

  @Test
  void evictingAllEntriesIsJCacheRemoveAllAndEmptiesTheCacheOnTheServers() throws Exception {
    AnnotationConfigApplicationContext context = application();
    BookCatalog catalog = catalog(context);
    for (long id = 1; id <= 20; id++) {
      catalog.title(id);
    }
    Cache<Object, Object> titles = jcache(context, BookCatalog.TITLES);
    long removalsBefore = removals(titles);

    catalog.renameAll(" (2nd ed.)");

    assertThat(titles.iterator().hasNext()).isFalse();
    // removeAll() counts each removed entry (clear() would count none): Spring called removeAll().
    assertThat(removals(titles) - removalsBefore).isEqualTo(20);
    assertThat(catalog.title(7)).isEqualTo("Title 7 (2nd ed.)");
    assertThat(catalog.lookups()).isEqualTo(21);
  }

  private static long removals(Cache<Object, Object> cache) throws Exception {
    return (Long) ManagementFactory.getPlatformMBeanServer().getAttribute(
        JmxRegistration.objectName(cache, JmxRegistration.MBeanType.STATISTICS), "CacheRemovals");
  }

  @Test
  void syncCacheableAndGetWithALoaderLoadOnceThroughInvoke() {
    AnnotationConfigApplicationContext context = application();
    BookCatalog catalog = catalog(context);

    assertThat(catalog.loadedTitle(3)).isEqualTo("Title 3");
    assertThat(catalog.loadedTitle(3)).isEqualTo("Title 3");
    assertThat(catalog.lookups()).isEqualTo(1);

    org.springframework.cache.Cache cache = springCache(context, BookCatalog.LOADED_TITLES);
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.get(99L, () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 1");
    assertThat(cache.get(99L, () -> "loaded " + loads.incrementAndGet())).isEqualTo("loaded 1");
    assertThat(cache.<String>get(98L, () -> null)).isNull();
    assertThat(jcache(context, BookCatalog.LOADED_TITLES).get(98L)).isSameAs(NullValue.INSTANCE);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailingLoaderIsAValueRetrievalExceptionAndStoresNothing() {
    org.springframework.cache.Cache cache = springCache(application(), BookCatalog.LOADED_TITLES);
    IllegalStateException failure = new IllegalStateException("database is down");

    assertThatThrownBy(() -> cache.get(5L, () -> {
      throw failure;
    })).isInstanceOf(ValueRetrievalException.class).hasRootCause(failure);
    assertThat(cache.get(5L)).isNull();
  }

  /** Concurrent loads of one key: whichever loader wins, every caller gets the value that is cached. */
  @Test
  void concurrentLoadsOfOneKeyAllReturnTheCachedValue() throws Exception {
    AnnotationConfigApplicationContext context = application();
    org.springframework.cache.Cache cache = springCache(context, BookCatalog.LOADED_TITLES);
    AtomicInteger loads = new AtomicInteger();
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<Object>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return cache.get(42L, () -> "load " + loads.incrementAndGet());
        }));
      }
      start.countDown();
      List<Object> values = new ArrayList<>();
      for (Future<Object> result : results) {
        values.add(result.get(30, TimeUnit.SECONDS));
      }
      Object cached = cache.get(42L).get();
      assertThat(values).hasSize(callers).containsOnly(cached);
      assertThat(loads.get()).isBetween(1, callers);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void putIfAbsentStoresOnlyWhenAbsentAndReportsTheExistingValue() {
    AnnotationConfigApplicationContext first = application();
    org.springframework.cache.Cache cache = springCache(first, BookCatalog.TITLES);
    org.springframework.cache.Cache elsewhere = springCache(application(), BookCatalog.TITLES);

    assertThat(cache.putIfAbsent(1L, "first")).isNull();
    ValueWrapper existing = elsewhere.putIfAbsent(1L, "second");
    assertThat(existing).isNotNull();
    assertThat(existing.get()).isEqualTo("first");
    assertThat(elsewhere.get(1L, String.class)).isEqualTo("first");

    assertThat(cache.putIfAbsent(2L, null)).isNull();
    ValueWrapper cachedNull = elsewhere.putIfAbsent(2L, "not null");
    assertThat(cachedNull).as("a cached null is a present entry").isNotNull();
    assertThat(cachedNull.get()).isNull();
  }
}
