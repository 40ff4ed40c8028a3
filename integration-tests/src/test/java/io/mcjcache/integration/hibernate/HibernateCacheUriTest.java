package io.mcjcache.integration.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.integration.ClusterConfigFile;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How {@code hibernate.javax.cache.uri} reaches mcjcache. Hibernate does not pass the string through: it
 * resolves it with its class loader service ({@code new URL(s)}, else a class path resource, stripping a
 * {@code classpath://} prefix) and hands the provider the resulting URL as a URI. So a resource name
 * arrives as {@code file:} or {@code jar:}, and an inline {@code memcached://} URI arrives only if
 * {@code java.net.URL} can parse it (mcjcache registers a URL handler for the scheme). Also
 * {@code hibernate.javax.cache.missing_cache_strategy}.
 */
class HibernateCacheUriTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  /** Hibernate's default region names besides the entity and collection ones. */
  private static final List<String> REGIONS = List.of(
      Author.class.getName(), Author.class.getName() + ".books", Book.class.getName(), Shipment.class.getName(),
      Edition.class.getName(),
      "default-query-results-region", "default-update-timestamps-region");

  @TempDir
  Path dir;
  private String namespace;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void name(TestInfo info) {
    namespace = "uri-" + Integer.toUnsignedString(info.getDisplayName().hashCode(), 36);
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable resource : closing) {
      resource.close();
    }
  }

  private ClusterConfigFile configFile() {
    return ClusterConfigFile.of("config/mcjcache.properties", CLUSTER.cluster(), Map.of("namespace", namespace));
  }

  private HibernateApp start(Map<String, Object> settings, ClassLoader resources) {
    HibernateApp app = HibernateApp.start(settings, resources);
    closing.add(app);
    return app;
  }

  private static void assertTheSecondLoadIsAHit(HibernateApp app) {
    app.write(s -> s.persist(new Author(1, "Ursula")));
    app.evictAllRegions();
    Statistics stats = app.statistics();
    stats.clear();
    app.read(s -> s.find(Author.class, 1L).getName());
    app.read(s -> s.find(Author.class, 1L).getName());
    assertThat(stats.getDomainDataRegionStatistics(Author.class.getName()).getHitCount()).isEqualTo(1);
    assertThat(stats.getDomainDataRegionStatistics(Author.class.getName()).getPutCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"config/mcjcache.properties", "classpath://config/mcjcache.properties",
      "/config/mcjcache.properties"})
  void aResourceNameReachesTheProviderAsAFileUri(String setting) {
    ClusterConfigFile config = configFile();
    HibernateApp app = start(HibernateApp.settings(namespace, setting), config.inDirectory(dir));

    URI uri = app.cacheManager().getURI();
    assertThat(uri.getScheme()).isEqualTo("file");
    assertThat(uri.getPath()).endsWith("/config/mcjcache.properties");
    assertTheSecondLoadIsAHit(app);
  }

  @Test
  void aResourceInsideAJarReachesTheProviderAsAJarUri() {
    ClusterConfigFile config = configFile();
    HibernateApp app = start(HibernateApp.settings(namespace, "config/mcjcache.properties"),
        config.inJar(dir.resolve("app-config.jar")));

    URI uri = app.cacheManager().getURI();
    assertThat(uri.getScheme()).isEqualTo("jar");
    assertThat(uri.toString()).endsWith("app-config.jar!/config/mcjcache.properties");
    assertTheSecondLoadIsAHit(app);
  }

  @Test
  void anInlineMemcachedUriReachesTheProviderUnchanged() {
    String inline = CLUSTER.cluster().uri() + "?namespace=" + namespace + "&mirror=pairs";
    HibernateApp app = start(HibernateApp.settings(namespace, inline), null);

    assertThat(app.cacheManager().getURI()).isEqualTo(URI.create(inline));
    assertTheSecondLoadIsAHit(app);
  }

  /** Hibernate only strips {@code classpath://}; mcjcache's own {@code classpath:} form never reaches it. */
  @Test
  void theSingleColonClasspathFormIsRefusedByHibernateItself() {
    ClusterConfigFile config = configFile();
    ClassLoader resources = config.inDirectory(dir);

    assertThatThrownBy(() -> start(HibernateApp.settings(namespace, "classpath:config/mcjcache.properties"), resources))
        .rootCause()
        .hasMessageContaining("Couldn't load URI from classpath:config/mcjcache.properties");
  }

  @ParameterizedTest
  @ValueSource(strings = {"create", "create-warn"})
  void missingCacheStrategiesThatCreateMakeEachRegionACacheOnTheCluster(String strategy) {
    Map<String, Object> settings =
        HibernateApp.settings(namespace, CLUSTER.cluster().uri() + "?namespace=" + namespace);
    settings.put("hibernate.javax.cache.missing_cache_strategy", strategy);
    HibernateApp app = start(settings, null);

    assertThat(app.cacheManager().getCacheNames()).containsExactlyInAnyOrderElementsOf(REGIONS);
    assertTheSecondLoadIsAHit(app);
  }

  /** mcjcache's configuration declares no caches, so {@code fail} needs caches the application created. */
  @Test
  void missingCacheStrategyFailRefusesToStartUnlessTheApplicationCreatedTheCaches() {
    Map<String, Object> settings =
        HibernateApp.settings(namespace, CLUSTER.cluster().uri() + "?namespace=" + namespace);
    settings.put("hibernate.javax.cache.missing_cache_strategy", "fail");
    assertThatThrownBy(() -> start(settings, null))
        .rootCause()
        .hasMessageContaining("On-the-fly creation of JCache Cache objects is not supported");

    CacheManager manager = Caching.getCachingProvider(HibernateApp.PROVIDER).getCacheManager(
        URI.create(CLUSTER.cluster().uri() + "?namespace=" + namespace), getClass().getClassLoader());
    closing.add(manager);
    for (String region : REGIONS) {
      manager.createCache(region, new MutableConfiguration<>());
    }
    settings.put("hibernate.javax.cache.cache_manager", manager);
    HibernateApp app = start(settings, null);

    assertThat(app.cacheManager()).isSameAs(manager);
    assertTheSecondLoadIsAHit(app);
  }
}
