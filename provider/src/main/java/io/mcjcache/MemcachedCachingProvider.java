package io.mcjcache;

import io.mcjcache.cluster.ClusterStoreFactory;
import io.mcjcache.config.DefaultUri;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.WeakHashMap;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

/**
 * The JCache provider whose caches live on memcached servers. Found by {@link javax.cache.Caching}
 * through {@link java.util.ServiceLoader}, or by its class name.
 *
 * <p>A cache manager is identified by its URI and class loader (the spec's rule): asking again with the
 * same pair returns the same open manager. The URI names the cluster ({@code memcached://h1:p1,h2:p2},
 * {@code classpath:} or {@code file:} properties); the default comes from the system property
 * {@code mcjcache.uri}, then {@code mcjcache.properties} on the class path, then
 * {@code memcached://127.0.0.1:11211}.
 */
public final class MemcachedCachingProvider implements CachingProvider {
  private final ClusterStoreFactory storeFactory;
  /** Open managers by class loader, then URI; weak in the loader so that loaders can be unloaded. */
  private final Map<ClassLoader, Map<URI, MemcachedCacheManager>> managers = new WeakHashMap<>();

  /** The provider {@link java.util.ServiceLoader} creates: stores from the registered factory, else real. */
  public MemcachedCachingProvider() {
    this(StoreFactories.find(MemcachedCachingProvider.class.getClassLoader()));
  }

  /** A provider whose managers open their stores with {@code storeFactory} (tests, embedding). */
  public MemcachedCachingProvider(ClusterStoreFactory storeFactory) {
    this.storeFactory = Objects.requireNonNull(storeFactory, "storeFactory");
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader, Properties properties) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    Properties managerProperties = properties == null ? new Properties() : properties;
    synchronized (managers) {
      Map<URI, MemcachedCacheManager> byUri = managers.computeIfAbsent(loader, l -> new HashMap<>());
      MemcachedCacheManager manager = byUri.get(managerUri);
      if (manager == null || manager.isClosed()) {
        manager = new MemcachedCacheManager(this, managerUri, loader, managerProperties, storeFactory);
        byUri.put(managerUri, manager);
      }
      return manager;
    }
  }

  @Override
  public CacheManager getCacheManager(URI uri, ClassLoader classLoader) {
    return getCacheManager(uri, classLoader, getDefaultProperties());
  }

  @Override
  public CacheManager getCacheManager() {
    return getCacheManager(getDefaultURI(), getDefaultClassLoader(), getDefaultProperties());
  }

  @Override
  public ClassLoader getDefaultClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : MemcachedCachingProvider.class.getClassLoader();
  }

  @Override
  public URI getDefaultURI() {
    return DefaultUri.resolve(getDefaultClassLoader());
  }

  @Override
  public Properties getDefaultProperties() {
    return new Properties();
  }

  @Override
  public void close() {
    List<MemcachedCacheManager> closing = new ArrayList<>();
    synchronized (managers) {
      managers.values().forEach(byUri -> closing.addAll(byUri.values()));
      managers.clear();
    }
    closing.forEach(MemcachedCacheManager::close);
  }

  @Override
  public void close(ClassLoader classLoader) {
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    List<MemcachedCacheManager> closing = new ArrayList<>();
    synchronized (managers) {
      Map<URI, MemcachedCacheManager> byUri = managers.remove(loader);
      if (byUri != null) {
        closing.addAll(byUri.values());
      }
    }
    closing.forEach(MemcachedCacheManager::close);
  }

  @Override
  public void close(URI uri, ClassLoader classLoader) {
    URI managerUri = uri == null ? getDefaultURI() : uri;
    ClassLoader loader = classLoader == null ? getDefaultClassLoader() : classLoader;
    MemcachedCacheManager closing = null;
    synchronized (managers) {
      Map<URI, MemcachedCacheManager> byUri = managers.get(loader);
      if (byUri != null) {
        closing = byUri.remove(managerUri);
        if (byUri.isEmpty()) {
          managers.remove(loader);
        }
      }
    }
    if (closing != null) {
      closing.close();
    }
  }

  /** Only store-by-reference is optional in JCache 1.1, and entries on other machines cannot offer it. */
  @Override
  public boolean isSupported(OptionalFeature feature) {
    return false;
  }

  /** Forgets a manager that closed itself, so that the next request for its URI opens a new one. */
  void release(MemcachedCacheManager manager) {
    synchronized (managers) {
      Map<URI, MemcachedCacheManager> byUri = managers.get(manager.getClassLoader());
      if (byUri != null && byUri.get(manager.getURI()) == manager) {
        byUri.remove(manager.getURI());
        if (byUri.isEmpty()) {
          managers.remove(manager.getClassLoader());
        }
      }
    }
  }
}
