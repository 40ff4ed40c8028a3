package io.mcjcache.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The URI of the default CacheManager ({@code CachingProvider.getDefaultURI()}): the system property
 * {@value #SYSTEM_PROPERTY} if set, else {@value #DEFAULT_RESOURCE} if the class loader can see it,
 * else a single local server. The order lets an operator redirect an application with one {@code -D}
 * without touching the file its developers ship.
 */
public final class DefaultUri {

  /** The system property that names the default CacheManager URI. */
  public static final String SYSTEM_PROPERTY = "mcjcache.uri";
  /** The class path resource used when the system property is not set. */
  public static final String DEFAULT_RESOURCE = "mcjcache.properties";
  /** The last resort: one memcached on this machine's default port. */
  public static final URI LOCAL_SERVER = URI.create("memcached://127.0.0.1:11211");

  private DefaultUri() {}

  /** Resolves from the current system properties and {@code classLoader}. */
  public static URI resolve(ClassLoader classLoader) {
    return resolve(System.getProperty(SYSTEM_PROPERTY), classLoader);
  }

  /**
   * Resolves from an explicit property value, so callers and tests need not change global state.
   *
   * @param systemPropertyValue the value of {@value #SYSTEM_PROPERTY}, or null when unset
   * @param classLoader where to look for {@value #DEFAULT_RESOURCE}; null means mcjcache's own loader
   */
  public static URI resolve(String systemPropertyValue, ClassLoader classLoader) {
    if (systemPropertyValue != null) {
      // Blank is refused too: an empty -Dmcjcache.uri= is a broken launch script, not "use the file".
      String problem = systemPropertyValue.isBlank() ? "it is empty" : null;
      if (problem == null) {
        try {
          return new URI(systemPropertyValue.trim());
        } catch (URISyntaxException e) {
          problem = e.getMessage();
        }
      }
      throw new IllegalArgumentException("mcjcache: system property " + SYSTEM_PROPERTY + " is not a URI, got '"
          + systemPropertyValue + "': " + problem);
    }
    ClassLoader loader = classLoader != null ? classLoader : DefaultUri.class.getClassLoader();
    if (loader.getResource(DEFAULT_RESOURCE) != null) {
      return URI.create("classpath:" + DEFAULT_RESOURCE);
    }
    return LOCAL_SERVER;
  }
}
