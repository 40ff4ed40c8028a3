package io.mcjcache;

import io.mcjcache.cluster.ClusterStore;
import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.cluster.StoreFigures;
import io.mcjcache.codec.ItemSizeLimit;
import io.mcjcache.codec.JavaSerializer;
import io.mcjcache.codec.KeyEncoder;
import io.mcjcache.codec.ValueSerializer;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.config.Secrets;
import io.mcjcache.management.CacheSettingsMXBean;
import io.mcjcache.management.JmxRegistration;
import io.mcjcache.management.JmxRegistration.MBeanType;
import io.mcjcache.near.NearFigures;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

/**
 * The caches of one cluster and namespace, as one JVM sees them.
 *
 * <p>What is shared and what is local: a cache's entries live on the servers under (namespace, cache
 * name), so every manager on the same servers and namespace, in any JVM, reads and writes the same
 * entries, and {@link #createCache} attaches to entries that are already there. Which caches are open,
 * and their JCache configuration (loader, writer, listeners, expiry policy, statistics), is local to
 * this manager: another JVM must create the cache with its own configuration, and
 * {@link #getCacheNames()} lists only the caches opened here.
 */
public final class MemcachedCacheManager implements CacheManager {
  private final MemcachedCachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final ClusterSettings settings;
  private final JCacheFailures store;
  /** Where near hits and background refresh fetches are counted: the store's figures, when it keeps them. */
  private final NearFigures nearFigures;
  private final ValueSerializer serializer;
  private final ConcurrentMap<String, MemcachedCache<?, ?>> caches = new ConcurrentHashMap<>();
  private final ExecutorService background;
  private volatile boolean closed;

  MemcachedCacheManager(MemcachedCachingProvider provider, URI uri, ClassLoader classLoader,
      Properties properties, ClusterStoreFactory storeFactory) {
    this.provider = provider;
    this.uri = Objects.requireNonNull(uri, "uri");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.properties = new Properties();
    this.properties.putAll(properties);
    try {
      this.settings = ClusterSettings.parse(uri, this.properties, classLoader);
    } catch (IllegalArgumentException e) {
      throw new CacheException("mcjcache: cannot open cache manager " + Secrets.mask(uri.toString()) + ": "
          + e.getMessage(), e);
    }
    this.serializer = new JavaSerializer(settings.allowList());
    this.store = JCacheFailures.open(() -> storeFactory.open(settings));
    StoreFigures figures = store.figures();
    this.nearFigures = new NearFigures(figures::addNearHitCounter, figures::removeNearHitCounter,
        figures::recordNearRefreshFetches);
    this.background = Executors.newCachedThreadPool(new LoaderThreads(uri));
  }

  /** The parsed settings of this manager's cluster. */
  public ClusterSettings settings() {
    return settings;
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    if (!configuration.isStoreByValue()) {
      throw new UnsupportedOperationException("cache " + cacheName + " asks for store-by-reference, which "
          + "mcjcache cannot offer: entries live on memcached servers and are always copied");
    }
    synchronized (caches) {
      if (caches.containsKey(cacheName)) {
        throw new CacheException("a cache named " + cacheName + " already exists in " + shownUri());
      }
      MemcachedCache<K, V> cache = newCache(cacheName, configuration);
      caches.put(cacheName, cache);
      CacheSetup<K, V> setup = cache.setup();
      if (setup.isStatisticsEnabled()) {
        enableStatistics(cache, true);
      }
      if (setup.isManagementEnabled()) {
        enableManagement(cache, true);
      }
      return cache;
    }
  }

  private <K, V> MemcachedCache<K, V> newCache(String cacheName, Configuration<K, V> configuration) {
    CacheSetup<K, V> setup = new CacheSetup<>(cacheName, this, configuration);
    return new MemcachedCache<>(setup, store, nearCacheFor(setup), nearFigures, codecFor(cacheName), background);
  }

  /**
   * A cache's near cache, most specific first: the manager's {@code cache.<name>.nearCache.*} properties
   * (the operator's word), the application's {@link MemcachedConfiguration}, the manager's
   * {@code nearCache.*}.
   */
  private NearCacheSettings nearCacheFor(CacheSetup<?, ?> setup) {
    if (settings.caches().containsKey(setup.name())) {
      return settings.forCache(setup.name()).nearCache();
    }
    return setup.requestedNearCache().orElse(settings.nearCache());
  }

  private EntryCodec codecFor(String cacheName) {
    return new EntryCodec(KeyEncoder.forCache(settings.namespace(), cacheName), serializer, classLoader,
        new ItemSizeLimit(store.itemSizeLimit()));
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    MemcachedCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      return null;
    }
    CacheSetup<?, ?> setup = cache.setup();
    if (setup.keyType() != keyType) {
      throw new ClassCastException("cache " + cacheName + " has keys of type " + setup.keyType().getName()
          + ", not " + keyType.getName());
    }
    if (setup.valueType() != valueType) {
      throw new ClassCastException("cache " + cacheName + " has values of type "
          + setup.valueType().getName() + ", not " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) caches.get(cacheName);
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    ensureOpen();
    return Set.copyOf(caches.keySet());
  }

  /**
   * Removes the cache's entries from the servers (for every JVM that shares them) and closes it here.
   * Other JVMs that have the cache open keep their configuration and see an empty cache.
   */
  @Override
  public void destroyCache(String cacheName) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    MemcachedCache<?, ?> cache = caches.get(cacheName);
    if (cache == null) {
      new CacheKeyListing(store, codecFor(cacheName)).deleteAll();
      return;
    }
    cache.destroyEntries();
    cache.close();
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    MemcachedCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      enableManagement(cache, enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    ensureOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    MemcachedCache<?, ?> cache = caches.get(cacheName);
    if (cache != null) {
      enableStatistics(cache, enabled);
    }
  }

  private void enableStatistics(MemcachedCache<?, ?> cache, boolean enabled) {
    cache.setup().setStatisticsEnabled(enabled);
    cache.statistics().setEnabled(enabled);
    if (enabled) {
      JmxRegistration.register(cache, cache.statistics(), MBeanType.STATISTICS);
    } else {
      JmxRegistration.unregister(cache, MBeanType.STATISTICS);
    }
  }

  private void enableManagement(MemcachedCache<?, ?> cache, boolean enabled) {
    cache.setup().setManagementEnabled(enabled);
    if (enabled) {
      JmxRegistration.register(cache, new CacheSettingsMXBean(cache), MBeanType.CONFIGURATION);
    } else {
      JmxRegistration.unregister(cache, MBeanType.CONFIGURATION);
    }
  }

  /** Closes every cache of this manager and its connections; entries stay on the servers. */
  @Override
  public void close() {
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
    }
    provider.release(this);
    List<MemcachedCache<?, ?>> open = new ArrayList<>(caches.values());
    for (MemcachedCache<?, ?> cache : open) {
      cache.close();
    }
    caches.clear();
    background.shutdown();
    store.close();
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /**
   * This manager, or its cluster store: {@code unwrap(RoutedClusterStore.class)} gives operators and
   * tools the router's figures and liveness view ({@code figures()}, {@code view()}).
   */
  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    ClusterStore underneath = store.store();
    if (type.isInstance(underneath)) {
      return type.cast(underneath);
    }
    throw new IllegalArgumentException("a cache manager cannot be unwrapped to " + type.getName());
  }

  /** A cache that closed itself leaves the manager, so that its name can be created again. */
  void release(MemcachedCache<?, ?> cache) {
    if (cache.setup().isStatisticsEnabled()) {
      enableStatistics(cache, false);
    }
    if (cache.setup().isManagementEnabled()) {
      enableManagement(cache, false);
    }
    caches.remove(cache.getName(), cache);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("cache manager " + shownUri() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "MemcachedCacheManager[" + shownUri() + ", " + settings.identity() + "]";
  }

  /** The URI as mcjcache shows it anywhere: secrets masked ({@link Secrets}); {@link #getURI} stays exact. */
  private String shownUri() {
    return Secrets.mask(uri.toString());
  }

  /** Daemon threads for {@code loadAll} and near-cache refreshes, named after the manager for thread dumps. */
  private static final class LoaderThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    LoaderThreads(URI uri) {
      this.prefix = "mcjcache-loader-" + Secrets.mask(uri.toString()) + "-";
    }

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
