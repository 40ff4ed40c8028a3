package io.mcjcache.event;

import java.lang.reflect.Proxy;
import java.net.URI;
import javax.cache.Cache;
import javax.cache.CacheManager;

/** A stand-in for the cache an event comes from: only its name and manager URI are answered. */
final class SourceCache {
  private SourceCache() {
  }

  @SuppressWarnings("unchecked")
  static <K, V> Cache<K, V> named(String name) {
    URI uri = URI.create("memcached://127.0.0.1:11211");
    CacheManager manager = (CacheManager) Proxy.newProxyInstance(SourceCache.class.getClassLoader(),
        new Class<?>[] {CacheManager.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getURI":
              return uri;
            case "toString":
              return "CacheManager(" + uri + ")";
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
    return (Cache<K, V>) Proxy.newProxyInstance(SourceCache.class.getClassLoader(),
        new Class<?>[] {Cache.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getName":
              return name;
            case "getCacheManager":
              return manager;
            case "isClosed":
              return false;
            case "toString":
              return "Cache(" + name + ")";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
