package io.mcjcache;

import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.expiry.ExpiryTimes;
import io.mcjcache.integration.ReadThrough;
import io.mcjcache.integration.WriteThrough;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A cache's name, manager and JCache configuration. The configuration the application passed in is
 * copied (it may change it or reuse it for another cache), the copy changes only through the cache
 * (listeners, statistics and management switches), and callers always get a copy of it.
 *
 * <p>The cache is always store-by-value: entries live on other machines, so the manager refuses a
 * configuration that asks for store-by-reference.
 */
final class CacheSetup<K, V> {
  private final String name;
  private final MemcachedCacheManager manager;
  private final MutableConfiguration<K, V> configuration;

  CacheSetup(String name, MemcachedCacheManager manager, Configuration<K, V> requested) {
    this.name = Objects.requireNonNull(name, "cache name");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.configuration = copyOf(requested);
  }

  private static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> requested) {
    if (requested instanceof MemcachedConfiguration<K, V> ours) {
      return new MemcachedConfiguration<>(ours);
    }
    if (requested instanceof CompleteConfiguration<K, V> complete) {
      return new MutableConfiguration<>(complete);
    }
    MutableConfiguration<K, V> basic = new MutableConfiguration<>();
    basic.setTypes(requested.getKeyType(), requested.getValueType());
    return basic;
  }

  String name() {
    return name;
  }

  MemcachedCacheManager manager() {
    return manager;
  }

  synchronized <C extends Configuration<K, V>> C configuration(Class<C> type) {
    MutableConfiguration<K, V> copy = configuration instanceof MemcachedConfiguration<K, V> ours
        ? new MemcachedConfiguration<>(ours)
        : new MutableConfiguration<>(configuration);
    if (type.isInstance(copy)) {
      return type.cast(copy);
    }
    throw new IllegalArgumentException("the configuration of cache " + name + " is not a " + type.getName()
        + "; ask for " + CompleteConfiguration.class.getName());
  }

  /** The near cache the application's {@link MemcachedConfiguration} asked for, if it did. */
  synchronized Optional<NearCacheSettings> requestedNearCache() {
    return configuration instanceof MemcachedConfiguration<K, V> ours ? ours.getNearCache() : Optional.empty();
  }

  synchronized List<CacheEntryListenerConfiguration<K, V>> listenerConfigurations() {
    List<CacheEntryListenerConfiguration<K, V>> listeners = new ArrayList<>();
    configuration.getCacheEntryListenerConfigurations().forEach(listeners::add);
    return List.copyOf(listeners);
  }

  synchronized void addListener(CacheEntryListenerConfiguration<K, V> listener) {
    configuration.addCacheEntryListenerConfiguration(listener);
  }

  synchronized void removeListener(CacheEntryListenerConfiguration<K, V> listener) {
    configuration.removeCacheEntryListenerConfiguration(listener);
  }

  synchronized void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
  }

  synchronized void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
  }

  synchronized boolean isStatisticsEnabled() {
    return configuration.isStatisticsEnabled();
  }

  synchronized boolean isManagementEnabled() {
    return configuration.isManagementEnabled();
  }

  synchronized boolean isReadThrough() {
    return configuration.isReadThrough();
  }

  Class<K> keyType() {
    return configuration.getKeyType();
  }

  Class<V> valueType() {
    return configuration.getValueType();
  }

  /** The runtime type check of the spec: configured types other than Object are enforced. */
  void checkTypes(Object key, Object value) {
    check("key", key, configuration.getKeyType());
    check("value", value, configuration.getValueType());
  }

  private void check(String role, Object instance, Class<?> type) {
    if (type != null && type != Object.class && !type.isInstance(instance)) {
      throw new ClassCastException("cache " + name + " holds " + role + "s of type " + type.getName()
          + ", not " + instance.getClass().getName());
    }
  }

  ExpiryTimes newExpiryTimes() {
    Factory<ExpiryPolicy> factory = configuration.getExpiryPolicyFactory();
    return new ExpiryTimes(factory.create());
  }

  ReadThrough<K, V> newReadThrough() {
    Factory<CacheLoader<K, V>> factory = configuration.getCacheLoaderFactory();
    return factory == null ? null : new ReadThrough<>(factory.create());
  }

  @SuppressWarnings("unchecked")
  WriteThrough<K, V> newWriteThrough() {
    Factory<CacheWriter<? super K, ? super V>> factory = configuration.getCacheWriterFactory();
    if (!configuration.isWriteThrough() || factory == null) {
      return null;
    }
    return new WriteThrough<>(factory.create());
  }
}
