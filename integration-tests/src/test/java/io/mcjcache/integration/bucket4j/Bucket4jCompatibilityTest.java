package io.mcjcache.integration.bucket4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.grid.jcache.CompatibilityTest;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Bucket4j's own check of a JCache provider ({@link CompatibilityTest}, shipped in bucket4j_jdk17-jcache)
 * on a 4-node {@code mirror=pairs} cluster: 4 threads each {@code invoke} 1,000 times on one key an entry
 * processor that sleeps 1 ms, reads the counter, sleeps 1 ms and writes it plus one; the counter must end
 * at 4,000. Bucket4j counts on JCache {@code invoke} being atomic (a bucket's state is one entry, changed
 * only by entry processors), and README guarantee 7 says atomic updates complete while the key's owner is
 * reachable: slow processors under contention must neither lose an update nor make {@code invoke} give up.
 */
class Bucket4jCompatibilityTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private CacheManager manager;

  @AfterEach
  void close() {
    if (manager != null) {
      manager.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void bucket4jFindsInvokeAtomicWithSlowContendedProcessors() throws InterruptedException {
    URI uri = URI.create(CLUSTER.cluster().uri() + "?mirror=pairs&namespace=bucket4j-compat");
    manager = Caching.getCachingProvider("io.mcjcache.MemcachedCachingProvider")
        .getCacheManager(uri, getClass().getClassLoader());
    Cache<String, Integer> cache = manager.createCache("compatibility",
        new MutableConfiguration<String, Integer>().setTypes(String.class, Integer.class));

    // CompatibilityTest's threads let an exception end them (their latch still counts down) and then
    // report the increments they never made as "missed writes": catch what ended them, to say why.
    List<String> died = Collections.synchronizedList(new ArrayList<>());
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> died.add(thread.getName() + ": " + e));
    String verdict = "compatible";
    try {
      new CompatibilityTest(cache).test();
    } catch (IllegalStateException notCompatible) {
      verdict = notCompatible.getMessage();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }

    assertThat(died).as("CompatibilityTest threads ended by an exception (verdict: %s)", verdict).isEmpty();
    assertThat(verdict).as("Bucket4j's verdict on mcjcache's invoke").isEqualTo("compatible");
    assertThat(cache.get("42")).isEqualTo(4 * 1_000);
  }
}
