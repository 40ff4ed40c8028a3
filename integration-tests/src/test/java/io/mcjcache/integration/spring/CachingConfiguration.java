package io.mcjcache.integration.spring;

import java.net.URI;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring configuration a user writes: a JCache {@link CacheManager} from mcjcache for a cluster URI,
 * the caches created up front (Spring's {@link JCacheCacheManager} only sees caches that exist), and
 * Spring's cache manager over it. docs/integrations.md shows the same.
 */
@Configuration(proxyBeanMethods = false)
@EnableCaching
public class CachingConfiguration {
  static final String PROVIDER = "io.mcjcache.MemcachedCachingProvider";

  /** Where the cache manager comes from; a bean so that each test can point at its own cluster. */
  public record CacheSource(URI uri, ClassLoader classLoader) {}

  /** A started application context for {@code source}. */
  static AnnotationConfigApplicationContext start(CacheSource source) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(CacheSource.class, () -> source);
    context.register(CachingConfiguration.class);
    context.refresh();
    return context;
  }

  @Bean(destroyMethod = "close")
  public CacheManager jcacheManager(CacheSource source) {
    CacheManager manager = Caching.getCachingProvider(PROVIDER).getCacheManager(source.uri(), source.classLoader());
    for (String name : BookCatalog.CACHES) {
      if (manager.getCache(name) == null) {
        manager.createCache(name, new MutableConfiguration<>().setStatisticsEnabled(true));
      }
    }
    return manager;
  }

  @Bean
  public JCacheCacheManager cacheManager(CacheManager jcacheManager) {
    return new JCacheCacheManager(jcacheManager);
  }

  @Bean
  public BookCatalog bookCatalog() {
    return new BookCatalog();
  }
}
