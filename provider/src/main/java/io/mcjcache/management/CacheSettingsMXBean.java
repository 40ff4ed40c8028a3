package io.mcjcache.management;

import java.util.Objects;
import javax.cache.Cache;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * The {@code CacheConfiguration} MXBean of one cache: its settings as JMX attributes.
 *
 * <p>Reads the cache's configuration on every call instead of copying it once, because some settings
 * change while the bean is registered ({@code CacheManager.enableStatistics} flips
 * {@code StatisticsEnabled}, and the TCK reads it back through JMX).
 */
public final class CacheSettingsMXBean implements CacheMXBean {
  private final Cache<?, ?> cache;

  public CacheSettingsMXBean(Cache<?, ?> cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  @Override
  public String getKeyType() {
    return configuration().getKeyType().getName();
  }

  @Override
  public String getValueType() {
    return configuration().getValueType().getName();
  }

  @Override
  public boolean isReadThrough() {
    return configuration().isReadThrough();
  }

  @Override
  public boolean isWriteThrough() {
    return configuration().isWriteThrough();
  }

  @Override
  public boolean isStoreByValue() {
    return configuration().isStoreByValue();
  }

  @Override
  public boolean isStatisticsEnabled() {
    return configuration().isStatisticsEnabled();
  }

  @Override
  public boolean isManagementEnabled() {
    return configuration().isManagementEnabled();
  }

  @SuppressWarnings("unchecked")
  private CompleteConfiguration<?, ?> configuration() {
    return cache.getConfiguration(CompleteConfiguration.class);
  }

  @Override
  public String toString() {
    return "CacheSettingsMXBean{" + cache.getName() + '}';
  }
}
