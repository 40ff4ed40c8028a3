package io.mcjcache.spring.boot;

import io.mcjcache.MemcachedCacheManager;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator's {@code mcjcache} health component ({@link McjcacheHealthIndicator}) when the application has the
 * actuator and a mcjcache manager; {@code management.health.mcjcache.enabled=false} turns it off.
 */
@AutoConfiguration(after = McjcacheAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(MemcachedCacheManager.class)
@ConditionalOnEnabledHealthIndicator("mcjcache")
public class McjcacheHealthAutoConfiguration {

  /** Named so that the actuator calls the component {@code mcjcache}. */
  @Bean
  @ConditionalOnMissingBean(name = "mcjcacheHealthIndicator")
  public McjcacheHealthIndicator mcjcacheHealthIndicator(MemcachedCacheManager manager) {
    return new McjcacheHealthIndicator(manager);
  }
}
