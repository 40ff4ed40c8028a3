package io.mcjcache.config;

import java.net.URLStreamHandler;
import java.net.spi.URLStreamHandlerProvider;

/**
 * Teaches {@link java.net.URL} the {@code memcached:} scheme, so that an inline cluster URI
 * ({@code memcached://h1:p1,h2:p2?key=value}) survives frameworks that turn a configured cache URI into a
 * {@code URL} before handing it to the provider. Hibernate's hibernate-jcache does exactly that with
 * {@code hibernate.javax.cache.uri} ({@code new URL(setting)}, else a class path resource, then
 * {@code url.toURI()}), and without a handler it refuses the setting with "Couldn't load URI from ...".
 *
 * <p>Registered in {@code META-INF/services/java.net.spi.URLStreamHandlerProvider}. The JDK looks such
 * providers up with the system class loader, so this takes effect when mcjcache is on the application
 * class path, not when it is loaded only by a nested loader (a web application's, a Spring Boot fat
 * jar's); there a properties resource is the portable form. The URLs it makes name servers and cannot
 * be opened: see {@link InlineClusterUrlHandler}.
 */
public final class MemcachedUrlStreamHandlerProvider extends URLStreamHandlerProvider {
  /** The scheme of inline cluster URIs. */
  public static final String SCHEME = "memcached";

  /** Called by the JDK through {@link java.util.ServiceLoader}. */
  public MemcachedUrlStreamHandlerProvider() {}

  @Override
  public URLStreamHandler createURLStreamHandler(String protocol) {
    return SCHEME.equalsIgnoreCase(protocol) ? new InlineClusterUrlHandler() : null;
  }
}
