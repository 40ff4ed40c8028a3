package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.micrometer.RouterMetrics;
import io.mcjcache.spring.boot.app.CachingApplication;
import io.mcjcache.spring.boot.app.TitleService;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import javax.cache.configuration.CompleteConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.cache.CacheManager;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot application on a real 2-node cluster ({@code mirror=pairs}, {@code allDown=miss}), one
 * context for every test of the class (Boot contexts are slow to start): {@code @Cacheable} hits, Boot's cache
 * metrics and the router meters, the health indicator while the cluster is whole, with one node dead and with
 * both. The failure test runs last because it kills the nodes the context uses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StarterApplicationTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static ConfigurableApplicationContext context;

  @BeforeAll
  static void start() {
    context = CachingApplication.start("caching", "--mcjcache.servers=" + CLUSTER.cluster().serverList());
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  @Order(1)
  void springCachesOnTheStartersManagerWithTheCacheNamesCreatedAndStatisticsOn() {
    CacheManager spring = context.getBean(CacheManager.class);
    assertThat(spring).isInstanceOf(JCacheCacheManager.class);
    javax.cache.CacheManager jcache = ((JCacheCacheManager) spring).getCacheManager();
    assertThat(jcache).isSameAs(context.getBean(MemcachedCacheManager.class));
    assertThat(jcache.getCacheNames()).containsExactly(TitleService.TITLES);
    javax.cache.Cache<Object, Object> titles = jcache.getCache(TitleService.TITLES);
    @SuppressWarnings("unchecked") // JCache's getConfiguration takes a raw Class
    CompleteConfiguration<Object, Object> configuration = titles.getConfiguration(CompleteConfiguration.class);
    assertThat(configuration.isStatisticsEnabled()).as("statistics on for Boot's cache metrics").isTrue();
    MemcachedCacheManager manager = (MemcachedCacheManager) jcache;
    assertThat(manager.settings().namespace()).isEqualTo("boot-app");
    assertThat(manager.settings().allDown().configValue()).isEqualTo("miss");
    assertThat(manager.settings().servers()).hasSize(2);
  }

  @Test
  @Order(2)
  void theSecondCallIsAHitAndTheMetricsShowIt() {
    TitleService titles = context.getBean(TitleService.class);
    int before = titles.lookups();
    assertThat(titles.title(1)).isEqualTo("Title 1");
    assertThat(titles.title(1)).isEqualTo("Title 1");
    assertThat(titles.lookups()).as("the method body ran once").isEqualTo(before + 1);

    MeterRegistry registry = context.getBean(MeterRegistry.class);
    assertThat(registry.get("cache.gets").tag("cache", TitleService.TITLES).tag("result", "hit").functionCounter()
        .count()).as("Boot's cache metrics read mcjcache's statistics").isGreaterThanOrEqualTo(1);
    assertThat(registry.get("cache.gets").tag("cache", TitleService.TITLES).tag("result", "miss")
        .functionCounter().count()).isGreaterThanOrEqualTo(1);
    assertThat(registry.get("cache.puts").tag("cache", TitleService.TITLES).functionCounter().count())
        .isGreaterThanOrEqualTo(1);
    String identity = "boot-app@" + CLUSTER.cluster().serverList();
    assertThat(registry.get("mcjcache.router.operations").tag("cluster", identity).tag("namespace", "boot-app")
        .functionCounter().count()).isPositive();
    assertThat(registry.get(RouterMetrics.NODES).tag("state", "alive").gauge().value()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void theHealthIsUpWithEveryNodesAddressStateAndSince() {
    Health health = mcjcacheHealth();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails()).containsEntry("cluster", "boot-app@" + CLUSTER.cluster().serverList())
        .containsEntry("coverage", "full").containsEntry("nodesServing", 2L).containsEntry("mirror", "pairs");
    List<Map<String, Object>> nodes = nodes(health);
    assertThat(nodes).hasSize(2);
    for (int i = 0; i < 2; i++) {
      assertThat(nodes.get(i)).containsEntry("address", CLUSTER.cluster().node(i).hostAndPort())
          .containsEntry("state", "ALIVE");
      assertThat((String) nodes.get(i).get("since")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    }
  }

  @Test
  @Order(4)
  void aKilledNodeShowsDeadAndWithEveryNodeDownTheHealthIsDownWhileTheApplicationRunsOnItsSource()
      throws InterruptedException {
    TitleService titles = context.getBean(TitleService.class);
    MeterRegistry registry = context.getBean(MeterRegistry.class);
    CLUSTER.cluster().node(1).kill();
    Deadline.await("node 1 DEAD in the health details", () -> "DEAD".equals(nodes(mcjcacheHealth()).get(1)
        .get("state")));
    Health oneDown = mcjcacheHealth();
    assertThat(oneDown.getStatus()).as("node 0 holds a copy of every key").isEqualTo(Status.UP);
    assertThat(oneDown.getDetails()).containsEntry("coverage", "full").containsEntry("nodesServing", 1L);
    assertThat(nodes(oneDown).get(0)).containsEntry("state", "ALIVE");
    assertThat(registry.get(RouterMetrics.NODES).tag("state", "dead").gauge().value()).isEqualTo(1);

    CLUSTER.cluster().node(0).kill();
    Deadline.await("the health DOWN", () -> mcjcacheHealth().getStatus().equals(Status.DOWN));
    assertThat(context.getBean(HealthEndpoint.class).health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(nodes(mcjcacheHealth())).extracting(node -> node.get("state")).containsExactly("DEAD", "DEAD");
    int before = titles.lookups();
    // Keys never cached before the outage, so that no near-cache copy can answer for the servers.
    for (int call = 0; call < 3; call++) {
      assertThat(titles.title(100)).isEqualTo("Title 100");
    }
    assertThat(titles.lookups()).as("allDown=miss: every call ran the method").isEqualTo(before + 3);
    assertThat(registry.get("mcjcache.router.dropped.writes").functionCounter().count()).isPositive();
  }

  private static Health mcjcacheHealth() {
    return (Health) context.getBean(HealthEndpoint.class).healthForPath("mcjcache");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> nodes(Health health) {
    return (List<Map<String, Object>>) health.getDetails().get("nodes");
  }
}
