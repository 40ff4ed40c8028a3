package io.mcjcache.spring.boot;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.micrometer.RouterMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The router figures as Micrometer meters ({@code mcjcache.router.*}, {@link RouterMetrics}) when the application
 * has Micrometer and a mcjcache manager. Boot binds every {@link MeterBinder} bean to its registries, so a bean
 * is all it takes; {@code management.metrics.enable.mcjcache=false} filters the meters out.
 */
@AutoConfiguration(after = McjcacheAutoConfiguration.class)
@ConditionalOnClass({MeterBinder.class, RouterMetrics.class})
@ConditionalOnBean(MemcachedCacheManager.class)
public class McjcacheMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  public RouterMetrics mcjcacheRouterMetrics(MemcachedCacheManager manager) {
    return new RouterMetrics(manager.unwrap(RoutedClusterStore.class), manager.settings());
  }
}
