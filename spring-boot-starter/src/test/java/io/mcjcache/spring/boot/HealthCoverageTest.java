package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.MemcachedCachingProvider;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;
import io.micrometer.core.instrument.config.InvalidConfigurationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The health indicator's coverage rule on a real 3-node cluster, without a Boot context: a dead node whose range
 * has no other copy ({@code mirror=none}, or both nodes of a pair dead, the odd last node pairing with node 0)
 * leaves the status UP with {@code coverage: partial}; no node serving is DOWN. And why the starter writes its
 * URI as it does: Micrometer's JCache metrics find the statistics of a cache only under such a URI.
 */
class HealthCoverageTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(3);

  private final MemcachedCachingProvider provider = new MemcachedCachingProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void withoutMirrorADeadNodeLeavesItsRangeWithoutACopyAndTheStatusUpButPartial() throws InterruptedException {
    McjcacheHealthIndicator health = new McjcacheHealthIndicator(manager("health-none", "none"));
    assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getDetails()).containsEntry("coverage", "full");

    cluster().node(1).kill();
    awaitState(health, 1, "DEAD");
    Health oneDead = health.health();
    assertThat(oneDead.getStatus()).isEqualTo(Status.UP);
    assertThat(oneDead.getDetails()).containsEntry("coverage", "partial").containsEntry("nodesServing", 2L)
        .containsEntry("rangesWithoutCopy", List.of(cluster().node(1).hostAndPort()));

    cluster().node(0).kill();
    cluster().node(2).kill();
    Deadline.await("DOWN", () -> health.health().getStatus().equals(Status.DOWN));
    assertThat(health.health().getDetails()).containsEntry("coverage", "none").containsEntry("nodesServing", 0L);
  }

  @Test
  void withPairsARangeLosesItsCopiesOnlyWhenItsHomeAndItsPartnerAreDead() throws InterruptedException {
    McjcacheHealthIndicator health = new McjcacheHealthIndicator(manager("health-pairs", "pairs"));
    cluster().node(2).kill();
    awaitState(health, 2, "DEAD");
    assertThat(health.health().getDetails()).as("node 2's keys are mirrored on node 0")
        .containsEntry("coverage", "full");

    cluster().node(0).kill();
    awaitState(health, 0, "DEAD");
    Health twoDead = health.health();
    assertThat(twoDead.getStatus()).isEqualTo(Status.UP);
    assertThat(twoDead.getDetails()).as("node 0's keys live on node 1 too; node 2's only on 0")
        .containsEntry("coverage", "partial")
        .containsEntry("rangesWithoutCopy", List.of(cluster().node(2).hostAndPort()));
  }

  @Test
  void micrometersJCacheMetricsReadTheStatisticsOnlyUnderAUriWithoutCommas() {
    Properties properties = new Properties();
    properties.setProperty("namespace", "health-metrics");
    properties.setProperty("liveness.file", "none");
    MemcachedCacheManager encoded = (MemcachedCacheManager) provider
        .getCacheManager(ManagerRequest.uri(cluster().serverList()), null, properties);
    Cache<String, String> cache = encoded.createCache("titles",
        new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new JCacheMetrics<>(cache, Tags.empty()).bindTo(registry);
    cache.put("a", "1");
    cache.get("a");
    cache.get("b");
    assertThat(registry.get("cache.gets").tag("result", "hit").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.gets").tag("result", "miss").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("cache.puts").functionCounter().count()).isEqualTo(1);

    Cache<String, String> plain = provider.getCacheManager(URI.create(cluster().uri()), null, properties)
        .createCache("titles", new MutableConfiguration<String, String>().setStatisticsEnabled(true));
    assertThatThrownBy(() -> new JCacheMetrics<>(plain, Tags.empty()))
        .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("invalid JMX name");
  }

  private MemcachedCacheManager manager(String namespace, String mirror) {
    Properties properties = new Properties();
    properties.setProperty("namespace", namespace);
    properties.setProperty("mirror", mirror);
    properties.setProperty("healthIntervalMs", "100");
    properties.setProperty("liveness.file", "none");
    properties.setProperty("liveness.syncMs", "0");
    return (MemcachedCacheManager) provider.getCacheManager(URI.create(cluster().uri()), null, properties);
  }

  private static MemcachedCluster cluster() {
    return CLUSTER.cluster();
  }

  @SuppressWarnings("unchecked")
  private static void awaitState(McjcacheHealthIndicator health, int node, String state)
      throws InterruptedException {
    Deadline.await("node " + node + " " + state, () -> state
        .equals(((List<Map<String, Object>>) health.health().getDetails().get("nodes")).get(node).get("state")));
  }
}
