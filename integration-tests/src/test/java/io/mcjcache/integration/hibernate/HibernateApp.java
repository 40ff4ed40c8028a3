package io.mcjcache.integration.hibernate;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.cache.CacheManager;
import org.hibernate.Session;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cfg.Configuration;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.stat.Statistics;

/**
 * One application: a Hibernate session factory over an H2 database, with mcjcache as its second-level
 * cache through hibernate-jcache, configured only by Hibernate settings as a user would. Two instances
 * on the same database name and cache namespace behave like two JVMs of one application.
 */
final class HibernateApp implements AutoCloseable {
  static final String PROVIDER = "io.mcjcache.MemcachedCachingProvider";

  private final SessionFactoryImplementor sessionFactory;

  private HibernateApp(SessionFactoryImplementor sessionFactory) {
    this.sessionFactory = sessionFactory;
  }

  /** Settings for database {@code database} and the cache manager URI {@code cacheUri}, as given to Hibernate. */
  static Map<String, Object> settings(String database, String cacheUri) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("hibernate.connection.url", "jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1");
    settings.put("hibernate.connection.username", "sa");
    settings.put("hibernate.hbm2ddl.auto", "create");
    settings.put("hibernate.generate_statistics", "true");
    settings.put("hibernate.cache.use_second_level_cache", "true");
    settings.put("hibernate.cache.use_query_cache", "true");
    settings.put("hibernate.cache.region.factory_class", "jcache");
    settings.put("hibernate.javax.cache.provider", PROVIDER);
    settings.put("hibernate.javax.cache.uri", cacheUri);
    settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
    return settings;
  }

  /** Starts Hibernate with {@code settings}; {@code resources} is added to Hibernate's class loaders. */
  static HibernateApp start(Map<String, Object> settings, ClassLoader resources) {
    BootstrapServiceRegistryBuilder bootstrap = new BootstrapServiceRegistryBuilder();
    if (resources != null) {
      bootstrap.applyClassLoader(resources);
    }
    Configuration configuration = new Configuration(bootstrap.build())
        .addAnnotatedClass(Author.class)
        .addAnnotatedClass(Book.class)
        .addAnnotatedClass(Shipment.class)
        .addAnnotatedClass(Edition.class);
    settings.forEach((key, value) -> configuration.getProperties().put(key, value));
    return new HibernateApp((SessionFactoryImplementor) configuration.buildSessionFactory());
  }

  static HibernateApp start(Map<String, Object> settings) {
    return start(settings, null);
  }

  <T> T read(Function<Session, T> work) {
    return sessionFactory.fromTransaction(work);
  }

  void write(Consumer<Session> work) {
    sessionFactory.inTransaction(work);
  }

  Statistics statistics() {
    return sessionFactory.getStatistics();
  }

  /** The JCache manager hibernate-jcache obtained from mcjcache. */
  CacheManager cacheManager() {
    return ((JCacheRegionFactory) sessionFactory.getCache().getRegionFactory()).getCacheManager();
  }

  /** Empties every region (through JCache {@code clear()}), as an operator would after a data fix. */
  void evictAllRegions() {
    sessionFactory.getCache().evictAllRegions();
  }

  @Override
  public void close() {
    sessionFactory.close();
  }
}
