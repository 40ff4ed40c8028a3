package io.mcjcache.integration.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.integration.Outages;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A memcached outage must not take a Hibernate application down. Guarantee 1 (docs/design.md,
 * "Guarantees"): killing one node of
 * a {@code mirror=pairs} cluster loses nothing that has a live mirror copy, so the second-level cache keeps
 * hitting; guarantee 4: with {@code allDown=miss} and every node dead, reads miss and writes are dropped,
 * so the application runs from the database, without an exception.
 */
class HibernateNodeFailureTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(4);

  private static final int AUTHORS = 40;
  private HibernateApp app;

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  private HibernateApp start(String database, String query) {
    Map<String, Object> settings = HibernateApp.settings(database,
        CLUSTER.cluster().uri() + "?namespace=" + database + "&healthIntervalMs=100&" + query);
    app = HibernateApp.start(settings);
    app.write(s -> {
      Author author = new Author(1, "Author 1");
      s.persist(author);
      s.persist(new Book(100, "Book 100", author));
      LongStream.rangeClosed(2, AUTHORS).forEach(id -> s.persist(new Author(id, "Author " + id)));
    });
    return app;
  }

  private List<String> readAllAuthors() {
    return app
        .read(s -> LongStream.rangeClosed(1, AUTHORS).mapToObj(id -> s.find(Author.class, id).getName()).toList());
  }

  private static List<String> names(String prefix) {
    return LongStream.rangeClosed(1, AUTHORS).mapToObj(id -> prefix + id).toList();
  }

  @Test
  void killingOneNodeOfAMirroredClusterKeepsEveryEntityAHit() {
    start("onenode", "mirror=pairs");
    Statistics stats = app.statistics();
    readAllAuthors();
    stats.clear();
    assertThat(readAllAuthors()).containsExactlyElementsOf(names("Author "));
    assertThat(stats.getSecondLevelCacheHitCount()).as("hits before the kill").isEqualTo(AUTHORS);

    CLUSTER.cluster().node(1).kill();
    stats.clear();
    assertThat(readAllAuthors()).containsExactlyElementsOf(names("Author "));
    assertThat(stats.getSecondLevelCacheHitCount()).as("hits right after node 1 was killed").isEqualTo(AUTHORS);
    assertThat(stats.getPrepareStatementCount()).isZero();

    // Writes while the node is down land on live nodes and are read back as hits.
    app.write(s -> LongStream.rangeClosed(1, AUTHORS).forEach(id -> s.find(Author.class, id).setName("Renamed " + id)));
    stats.clear();
    assertThat(readAllAuthors()).containsExactlyElementsOf(names("Renamed "));
    assertThat(stats.getSecondLevelCacheHitCount()).as("hits after updates with node 1 dead").isEqualTo(AUTHORS);
  }

  @Test
  void withAllDownMissTheApplicationRunsFromTheDatabaseWhenEveryNodeIsDead() {
    start("alldown", "allDown=miss");
    readAllAuthors();
    CLUSTER.cluster().nodes().forEach(MemcachedNode::kill);
    // Until the client has seen every node dead, near-cached copies may still answer (within ttlMs).
    Outages.awaitAllDown(app.cacheManager());
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(readAllAuthors()).containsExactlyElementsOf(names("Author "));
    assertThat(app.<String>read(s -> s.find(Author.class, 1L).getBooks().get(0).getTitle())).isEqualTo("Book 100");
    assertThat(app.<List<Long>>read(s -> s.createSelectionQuery("select b.id from Book b", Long.class)
        .setCacheable(true).getResultList())).containsExactly(100L);
    app.write(s -> s.find(Author.class, 1L).setName("Renamed while the cache is down"));
    app.write(s -> s.persist(new Author(AUTHORS + 1, "Created while the cache is down")));
    assertThat(app.<String>read(s -> s.find(Author.class, 1L).getName())).isEqualTo("Renamed while the cache is down");
    assertThat(app.<String>read(s -> s.find(Author.class, (long) AUTHORS + 1).getName()))
        .isEqualTo("Created while the cache is down");

    assertThat(stats.getSecondLevelCacheHitCount()).as("nothing can hit with every node dead").isZero();
    assertThat(stats.getPrepareStatementCount()).as("everything came from the database").isGreaterThan(AUTHORS);
  }
}
