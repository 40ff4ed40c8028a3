package io.mcjcache.management;

import java.lang.reflect.Proxy;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A stand-in cache that answers only what management reads: its name, its manager's URI and its
 * (mutable, so tests can change it while a bean is registered) configuration.
 */
final class StubCache {
  private StubCache() {
  }

  static Cache<?, ?> of(String managerUri, String name, MutableConfiguration<?, ?> configuration) {
    URI uri = URI.create(managerUri);
    CacheManager manager = (CacheManager) Proxy.newProxyInstance(StubCache.class.getClassLoader(),
        new Class<?>[] {CacheManager.class}, (proxy, method, args) -> {
          if (method.getName().equals("getURI")) {
            return uri;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    return (Cache<?, ?>) Proxy.newProxyInstance(StubCache.class.getClassLoader(),
        new Class<?>[] {Cache.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getName":
              return name;
            case "getCacheManager":
              return manager;
            case "getConfiguration":
              if (!((Class<?>) args[0]).isAssignableFrom(CompleteConfiguration.class)) {
                throw new IllegalArgumentException("unsupported configuration class " + args[0]);
              }
              return configuration;
            case "toString":
              return "StubCache(" + name + ")";
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
