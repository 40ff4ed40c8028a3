package io.mcjcache.integration.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.codec.ClassNotAllowedException;
import io.mcjcache.testkit.MemcachedClusterExtension;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What users must add to {@code serialization.allowList} for Hibernate: nothing for Hibernate's own
 * classes (built in, see docs/codec.md), but the application's classes that Hibernate caches as
 * objects, such as enum constants. Without them a cached read fails loudly, naming the class.
 */
class HibernateAllowListTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  private HibernateApp app;

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
  }

  private HibernateApp start(String database, String query) {
    app =
        HibernateApp.start(HibernateApp.settings(database, CLUSTER.cluster().uri() + "?namespace=" + database + query));
    app.write(s -> s.persist(new Edition(1, Edition.Format.HARDCOVER)));
    return app;
  }

  @Test
  void anEnumAttributeIsRefusedWithoutTheApplicationsPatternAndTheClassIsNamed() {
    start("allow-none", "");

    assertThatThrownBy(() -> app.read(s -> s.find(Edition.class, 1L).getFormat()))
        .isInstanceOf(ClassNotAllowedException.class)
        .hasMessageContaining(Edition.Format.class.getName());
  }

  @Test
  void theRecommendedPackagePatternMakesTheEntityAHit() {
    start("allow-package", "&serialization.allowList=io.mcjcache.integration.hibernate.**");
    Statistics stats = app.statistics();
    stats.clear();

    assertThat(app.<Edition.Format>read(s -> s.find(Edition.class, 1L).getFormat()))
        .isEqualTo(Edition.Format.HARDCOVER);
    assertThat(stats.getSecondLevelCacheHitCount()).isEqualTo(1);
    assertThat(stats.getPrepareStatementCount()).isZero();
  }
}
