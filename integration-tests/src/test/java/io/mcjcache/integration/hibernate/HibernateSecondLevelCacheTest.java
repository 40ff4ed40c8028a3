package io.mcjcache.integration.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.integration.ClusterConfigFile;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.cache.Cache;
import org.hibernate.stat.CacheRegionStatistics;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hibernate's second-level cache on mcjcache on a real 2-node cluster ({@code mirror=pairs}), configured
 * the usual Hibernate way: {@code hibernate.javax.cache.uri} names a properties file on the class path,
 * which Hibernate resolves to a {@code file:} URL before handing it to the provider. Every assertion is
 * made through Hibernate's own {@link Statistics}, as an application would check its cache.
 */
class HibernateSecondLevelCacheTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private static final String AUTHOR_REGION = Author.class.getName();
  private static final String BOOKS_REGION = Author.class.getName() + ".books";
  private static final String SHIPMENT_REGION = Shipment.class.getName();

  @TempDir
  Path configDir;
  private String testName;
  private final List<HibernateApp> apps = new ArrayList<>();

  @BeforeEach
  void name(TestInfo info) {
    // The test's own database and cache namespace (namespaces are at most 64 characters).
    testName = "h2l-" + Integer.toUnsignedString(info.getTestMethod().orElseThrow().getName().hashCode(), 36);
  }

  @AfterEach
  void closeApps() {
    apps.forEach(HibernateApp::close);
  }

  /** An application on this test's database and cache namespace; {@code instance} names its config file. */
  private HibernateApp app(String instance, boolean createSchema) {
    ClusterConfigFile config = ClusterConfigFile.of(
        "mcjcache-" + instance + ".properties", CLUSTER.cluster(), Map.of("namespace", testName));
    Map<String, Object> settings = HibernateApp.settings(testName, config.resourceName());
    settings.put("hibernate.hbm2ddl.auto", createSchema ? "create" : "none");
    HibernateApp app = HibernateApp.start(settings, config.inDirectory(configDir.resolve(instance)));
    apps.add(app);
    return app;
  }

  private HibernateApp app() {
    return app("app", true);
  }

  @Test
  void theSecondLoadOfAnEntityIsASecondLevelCacheHitWithoutSql() {
    HibernateApp app = app();
    app.write(s -> s.persist(new Author(1, "Ursula")));
    app.evictAllRegions();
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(authorName(app)).isEqualTo("Ursula");
    CacheRegionStatistics region = stats.getDomainDataRegionStatistics(AUTHOR_REGION);
    assertThat(region.getMissCount()).isEqualTo(1);
    assertThat(region.getPutCount()).isEqualTo(1);
    assertThat(region.getHitCount()).isZero();

    stats.clear(); // also drops the region statistics objects: look them up again
    assertThat(authorName(app)).isEqualTo("Ursula");
    region = stats.getDomainDataRegionStatistics(AUTHOR_REGION);
    assertThat(region.getHitCount()).isEqualTo(1);
    assertThat(region.getMissCount()).isZero();
    assertThat(stats.getPrepareStatementCount()).as("SQL statements for a cached entity").isZero();
  }

  @Test
  void anUpdateRefreshesTheCachedEntityAndABulkUpdateInvalidatesTheRegion() {
    HibernateApp app = app();
    app.write(s -> s.persist(new Author(1, "Ursula")));
    app.write(s -> s.find(Author.class, 1L).setName("Ursula K."));
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(authorName(app)).isEqualTo("Ursula K.");
    assertThat(stats.getDomainDataRegionStatistics(AUTHOR_REGION).getHitCount()).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).isZero();

    // A bulk update bypasses the entities, so Hibernate clears the whole region (JCache clear()).
    app.write(s -> s.createMutationQuery("update Author set name = 'U. K. Le Guin'").executeUpdate());
    stats.clear();
    assertThat(authorName(app)).isEqualTo("U. K. Le Guin");
    assertThat(stats.getDomainDataRegionStatistics(AUTHOR_REGION).getHitCount()).isZero();
    assertThat(stats.getDomainDataRegionStatistics(AUTHOR_REGION).getMissCount()).isEqualTo(1);
  }

  @Test
  void theCollectionCacheHitsOnTheSecondTraversal() {
    HibernateApp app = app();
    app.write(s -> {
      Author author = new Author(1, "Ursula");
      s.persist(author);
      for (long id = 10; id < 13; id++) {
        s.persist(new Book(id, "Book " + id, author));
      }
    });
    app.evictAllRegions();
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(app.<Integer>read(s -> s.find(Author.class, 1L).getBooks().size())).isEqualTo(3);
    assertThat(stats.getDomainDataRegionStatistics(BOOKS_REGION).getMissCount()).isEqualTo(1);
    assertThat(stats.getDomainDataRegionStatistics(BOOKS_REGION).getPutCount()).isEqualTo(1);

    stats.clear();
    List<String> titles = app.read(s -> s.find(Author.class, 1L).getBooks().stream().map(Book::getTitle).toList());
    assertThat(titles).containsExactly("Book 10", "Book 11", "Book 12");
    assertThat(stats.getDomainDataRegionStatistics(BOOKS_REGION).getHitCount()).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).as("author, collection and books all from the cache").isZero();
  }

  @Test
  void theQueryCacheHitsWithLongParametersAndIsInvalidatedByAChangeToItsTable() {
    HibernateApp app = app();
    String longTitle = "A Wizard of Earthsea, ".repeat(40); // 880 characters: a query key far over 250 bytes
    app.write(s -> {
      Author author = new Author(1, "Ursula");
      s.persist(author);
      s.persist(new Book(10, longTitle, author));
    });
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(titled(app, longTitle)).containsExactly(10L);
    assertThat(stats.getQueryCacheMissCount()).isEqualTo(1);
    assertThat(stats.getQueryCachePutCount()).isEqualTo(1);
    assertThat(titled(app, longTitle)).containsExactly(10L);
    assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);

    // A new row in the queried table makes the cached result stale (update-timestamps region).
    app.write(s -> s.persist(new Book(11, longTitle, s.find(Author.class, 1L))));
    stats.clear();
    assertThat(titled(app, longTitle)).containsExactly(10L, 11L);
    assertThat(stats.getQueryCacheHitCount()).isZero();
    assertThat(titled(app, longTitle)).containsExactly(10L, 11L);
    assertThat(stats.getQueryCacheHitCount()).isEqualTo(1);
  }

  private static List<Long> titled(HibernateApp app, String title) {
    return app.read(s -> s.createSelectionQuery("from Book b where b.title = :title order by b.id", Book.class)
        .setParameter("title", title)
        .setCacheable(true)
        .getResultList()
        .stream()
        .map(Book::getId)
        .toList());
  }

  @Test
  void anEntityWithALongEmbeddedIdIsCachedUnderADigestedKey() throws IOException {
    HibernateApp app = app();
    ShipmentId id = new ShipmentId("warehouse-" + "north-".repeat(50), "order-" + "0123456789".repeat(30),
        LocalDate.of(2024, 2, 29));
    app.write(s -> s.persist(new Shipment(id, "packed")));
    app.evictAllRegions();
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(app.<String>read(s -> s.find(Shipment.class, id).getStatus())).isEqualTo("packed");
    assertThat(app.<String>read(s -> s.find(Shipment.class, id).getStatus())).isEqualTo("packed");
    CacheRegionStatistics region = stats.getDomainDataRegionStatistics(SHIPMENT_REGION);
    assertThat(region.getPutCount()).isEqualTo(1);
    assertThat(region.getHitCount()).isEqualTo(1);

    // The key Hibernate stored, read back through JCache (so through the deserialization allow-list):
    Cache<Object, Object> cache = app.cacheManager().getCache(SHIPMENT_REGION);
    List<Object> keys = new ArrayList<>();
    cache.forEach(entry -> keys.add(entry.getKey()));
    assertThat(keys).hasSize(1);
    assertThat(keys.get(0).getClass().getName()).isEqualTo("org.hibernate.cache.internal.CacheKeyImplementation");
    assertThat(serializedLength(keys.get(0))).as("serialized key bytes").isGreaterThan(600);
  }

  /**
   * A cache is the same cache in every JVM (docs/design.md, "JCache on memcached"); keys must serialize
   * alike.
   */
  @Test
  void aSecondInstanceOfTheApplicationReadsTheFirstOnesEntriesAsHits() {
    HibernateApp first = app("first", true);
    first.write(s -> {
      Author author = new Author(1, "Ursula");
      s.persist(author);
      s.persist(new Book(10, "The Dispossessed", author));
    });
    first.read(s -> s.find(Author.class, 1L).getBooks().size());
    HibernateApp second = app("second", false);
    assertThat(second.cacheManager()).isNotSameAs(first.cacheManager());
    Statistics stats = second.statistics();
    stats.clear();

    assertThat(second.<String>read(s -> s.find(Author.class, 1L).getBooks().get(0).getTitle()))
        .isEqualTo("The Dispossessed");
    assertThat(stats.getSecondLevelCacheHitCount()).as("author, books collection, book").isEqualTo(3);
    assertThat(stats.getPrepareStatementCount()).isZero();
  }

  private static String authorName(HibernateApp app) {
    return app.read(s -> s.find(Author.class, 1L).getName());
  }

  private static int serializedLength(Object key) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(key);
    }
    return bytes.size();
  }
}
