package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.spring.boot.jpa.Book;
import io.mcjcache.spring.boot.jpa.JpaApplication;
import io.mcjcache.testkit.MemcachedClusterExtension;
import io.mcjcache.testkit.MemcachedNode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Hibernate ORM under Spring Boot (Spring Data JPA, H2 in memory) with its second-level cache on mcjcache, set
 * up in application.properties alone: {@code spring.jpa.properties.hibernate.cache.*}, the region factory
 * {@code jcache}, the provider and the cluster's URI. The test only fills in the cluster's servers.
 */
class HibernateUnderBootTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void anEntityLoadedTwiceIsASecondLevelCacheHitOnTheCluster() {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(JpaApplication.class)
        .run("--test.memcached.servers=" + CLUSTER.cluster().serverList())) {
      EntityManagerFactory factory = context.getBean(EntityManagerFactory.class);
      Statistics statistics = factory.unwrap(SessionFactory.class).getStatistics();
      inTransaction(factory, em -> em.persist(new Book(1L, "The Dispossessed")));
      factory.unwrap(SessionFactory.class).getCache().evictAllRegions();
      statistics.clear();

      inTransaction(factory, em -> assertThat(em.find(Book.class, 1L).getTitle()).isEqualTo("The Dispossessed"));
      assertThat(statistics.getSecondLevelCacheMissCount()).as("first load: a miss").isEqualTo(1);
      assertThat(statistics.getSecondLevelCachePutCount()).isEqualTo(1);
      long statements = statistics.getPrepareStatementCount();

      inTransaction(factory, em -> assertThat(em.find(Book.class, 1L).getTitle()).isEqualTo("The Dispossessed"));
      assertThat(statistics.getSecondLevelCacheHitCount()).as("second load: a hit").isEqualTo(1);
      assertThat(statistics.getPrepareStatementCount()).as("no SQL for the second load").isEqualTo(statements);
      assertThat(CLUSTER.cluster().nodes().stream().mapToLong(MemcachedNode::itemCount).sum())
          .as("the entry lives on the memcached nodes").isPositive();
    }
  }

  private static void inTransaction(EntityManagerFactory factory, Consumer<EntityManager> work) {
    EntityManager em = factory.createEntityManager();
    try {
      em.getTransaction().begin();
      work.accept(em);
      em.getTransaction().commit();
    } finally {
      em.close();
    }
  }
}
