package io.mcjcache.spring.boot;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.MemcachedCachingProvider;
import java.util.List;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration;
import org.springframework.boot.autoconfigure.cache.JCacheManagerCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;

/**
 * Creates mcjcache's JCache {@code CacheManager} from {@code mcjcache.*} when {@code mcjcache.servers} is set.
 * It runs before Boot's {@link CacheAutoConfiguration}, whose JCache support then wraps this manager in Spring's
 * {@code JCacheCacheManager} ({@code spring.cache.type=jcache}, or no type at all) instead of asking a provider
 * for one from {@code spring.cache.jcache.*}.
 *
 * <p>Because Boot then skips its own JCache manager, this one does what Boot's would: creates the caches of
 * {@code spring.cache.cache-names} (with the application's {@code javax.cache.configuration.Configuration} bean
 * if there is one) and applies the {@link JCacheManagerCustomizer} beans. It then enables JCache statistics for
 * every cache present ({@code mcjcache.statistics}, default true), which Boot's cache metrics read.
 *
 * <p>The manager comes from a provider of its own rather than from {@link Caching}'s shared one: JCache hands the
 * same open manager to every request with the same URI and class loader, properties ignored, so two
 * application contexts on the same servers with different namespaces (two test configurations, say) would
 * otherwise share one manager, and the first to close would close it under the other.
 */
@AutoConfiguration(before = CacheAutoConfiguration.class)
@ConditionalOnClass({MemcachedCachingProvider.class, Caching.class})
@Conditional(OnServersCondition.class)
@EnableConfigurationProperties(McjcacheProperties.class)
public class McjcacheAutoConfiguration implements BeanClassLoaderAware {
  private ClassLoader classLoader = McjcacheAutoConfiguration.class.getClassLoader();

  @Override
  public void setBeanClassLoader(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  /**
   * The manager; closed with the context (its entries stay on the servers).
   *
   * @throws org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException
   *     naming the {@code mcjcache.*} property whose value mcjcache refuses
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(javax.cache.CacheManager.class)
  public MemcachedCacheManager mcjcacheCacheManager(McjcacheProperties properties, Environment environment,
      ObjectProvider<Configuration<?, ?>> defaultCacheConfiguration,
      ObjectProvider<JCacheManagerCustomizer> customizers) {
    ManagerRequest request = ManagerRequest.from(properties);
    SettingsCheck.check(request, classLoader);
    MemcachedCacheManager manager = new MemcachedCachingProvider()
        .getCacheManager(request.uri(), classLoader, request.properties()).unwrap(MemcachedCacheManager.class);
    try {
      List<String> cacheNames = Binder.get(environment)
          .bind("spring.cache.cache-names", Bindable.listOf(String.class)).orElse(List.of());
      for (String name : cacheNames) {
        if (manager.getCache(name) == null) {
          manager.createCache(name, defaultCacheConfiguration.getIfAvailable(MutableConfiguration::new));
        }
      }
      customizers.orderedStream().forEach(customizer -> customizer.customize(manager));
      if (properties.statistics()) {
        manager.getCacheNames().forEach(name -> manager.enableStatistics(name, true));
      }
      return manager;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }
}
