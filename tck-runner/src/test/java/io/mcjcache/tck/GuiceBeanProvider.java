package io.mcjcache.tck;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.util.Modules;
import java.lang.annotation.Annotation;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.annotation.BeanProvider;
import javax.cache.annotation.CacheInvocationContext;
import javax.cache.annotation.CacheMethodDetails;
import javax.cache.annotation.CacheResolver;
import javax.cache.annotation.CacheResolverFactory;
import javax.cache.annotation.CacheResult;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import manager.CacheNameOnEachMethodBlogManagerImpl;
import manager.ClassLevelCacheConfigBlogManagerImpl;
import manager.UsingDefaultCacheNameBlogManagerImpl;
import org.jsr107.ri.annotations.guice.module.CacheAnnotationsModule;

/**
 * Lets the TCK's annotation tests run: they ask a {@link BeanProvider} (found by ServiceLoader) for the
 * blog managers, whose {@code @CacheResult}/{@code @CachePut}/{@code @CacheRemove} methods the RI's Guice
 * interceptors turn into calls on our caches. Without one they pass without testing anything.
 *
 * <p>One deviation from the RI's own wiring: the RI's default resolver factory takes the default cache
 * manager once, and the interceptors keep the resolved cache per method, while other TCK classes close
 * the provider's managers (and so those caches) between tests. Here the cache is looked up in the
 * provider's current default manager on every intercepted call, as in an application whose container
 * re-creates its cache manager.
 */
public final class GuiceBeanProvider implements BeanProvider {
  private final Injector injector = Guice.createInjector(Modules.override(new CacheAnnotationsModule()).with(
      new AbstractModule() {
        @Override
        protected void configure() {
          bind(CacheResolverFactory.class).toInstance(new CurrentManagerResolverFactory());
          bind(CacheNameOnEachMethodBlogManagerImpl.class);
          bind(ClassLevelCacheConfigBlogManagerImpl.class);
          bind(UsingDefaultCacheNameBlogManagerImpl.class);
        }
      }));

  @Override
  public <T> T getBeanByType(Class<T> beanClass) {
    return injector.getInstance(beanClass);
  }

  /** Resolves a cache by name in the provider's default manager at the time of the call. */
  private static final class CurrentManagerResolverFactory implements CacheResolverFactory {
    @Override
    public CacheResolver getCacheResolver(CacheMethodDetails<? extends Annotation> details) {
      return new ByName(details.getCacheName());
    }

    @Override
    public CacheResolver getExceptionCacheResolver(CacheMethodDetails<CacheResult> details) {
      String name = details.getCacheAnnotation().exceptionCacheName();
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("only for methods whose @CacheResult names an exceptionCacheName");
      }
      return new ByName(name);
    }
  }

  private record ByName(String cacheName) implements CacheResolver {
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Cache<K, V> resolveCache(CacheInvocationContext<? extends Annotation> context) {
      CachingProvider provider = Caching.getCachingProvider();
      CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), provider.getDefaultClassLoader());
      Cache<K, V> cache = manager.getCache(cacheName);
      if (cache == null) {
        manager.createCache(cacheName, new MutableConfiguration<Object, Object>());
        cache = manager.getCache(cacheName);
      }
      return cache;
    }
  }
}
