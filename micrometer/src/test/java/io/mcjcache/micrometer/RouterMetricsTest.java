package io.mcjcache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.MemcachedCachingProvider;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The router figures in a plain Micrometer registry (no Spring), on a real 2-node cluster. */
class RouterMetricsTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private final MemcachedCachingProvider provider = new MemcachedCachingProvider();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    provider.close();
    registry.close();
  }

  @Test
  void operationsAndNodeStatesAreMetersTaggedWithTheClusterAndNamespace() throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty("namespace", "metrics-plain");
    properties.setProperty("healthIntervalMs", "100");
    properties.setProperty("liveness.file", "none");
    properties.setProperty("liveness.syncMs", "0");
    CacheManager manager = provider.getCacheManager(URI.create(CLUSTER.cluster().uri()), null, properties);
    Cache<String, String> cache = manager.createCache("titles", new MutableConfiguration<String, String>());
    RouterMetrics.of(manager).bindTo(registry);

    for (int i = 0; i < 20; i++) {
      cache.put("k" + i, "v" + i);
      assertThat(cache.get("k" + i)).isEqualTo("v" + i);
    }

    String identity = "metrics-plain@" + CLUSTER.cluster().serverList();
    FunctionCounter operations = registry.get("mcjcache.router.operations").tag("cluster", identity)
        .tag("namespace", "metrics-plain").functionCounter();
    // A put is one operation (its copies included); a get is one too, or a near hit when this JVM's near
    // cache answers it.
    double nearHits = registry.get("mcjcache.router.near.hits").functionCounter().count();
    assertThat(operations.count()).isGreaterThanOrEqualTo(20);
    assertThat(operations.count() + nearHits).isGreaterThanOrEqualTo(40);
    assertThat(nodes("alive").value()).isEqualTo(2);
    assertThat(nodes("dead").value()).isZero();
    assertThat(registry.get("mcjcache.router.node.failures").functionCounter().count()).isZero();
    assertThat(registry.getMeters()).extracting(meter -> meter.getId().getName())
        .contains("mcjcache.router.failovers", "mcjcache.router.fallback.hits", "mcjcache.router.read.repairs",
            "mcjcache.router.flushes", "mcjcache.router.dropped.writes", "mcjcache.router.near.hits")
        .allMatch(name -> name.startsWith(RouterMetrics.PREFIX));
    assertThat(registry.getMeters()).map(Meter::getId)
        .allMatch(id -> identity.equals(id.getTag("cluster")) && "metrics-plain".equals(id.getTag("namespace")));

    CLUSTER.cluster().node(1).kill();
    await("node 1 dead in mcjcache.router.nodes", () -> nodes("dead").value() == 1);
    assertThat(nodes("alive").value()).isEqualTo(1);
    for (int i = 0; i < 20; i++) {
      assertThat(cache.get("k" + i)).as("read from the mirror").isEqualTo("v" + i);
    }
    assertThat(registry.get("mcjcache.router.node.failures").functionCounter().count()).isPositive();
  }

  private Gauge nodes(String state) {
    return registry.get(RouterMetrics.NODES).tag("state", state).gauge();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
