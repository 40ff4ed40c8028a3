package io.mcjcache.management;

import io.mcjcache.config.Secrets;
import java.lang.management.ManagementFactory;
import java.util.Objects;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Registers a cache's MXBeans in the platform MBeanServer (JCache 1.1 names no other server) under
 * {@code javax.cache:type=CacheConfiguration|CacheStatistics,CacheManager=<uri>,Cache=<name>}.
 *
 * <p>Tools and the TCK do not ask us for the bean: they compute its name from the manager's URI and
 * the cache's name, replacing {@code , : = newline} by {@code .} as the reference implementation
 * does. So we must produce exactly that name. Values that would still be illegal or a pattern
 * ({@code " * ?}) are quoted instead, which the reference implementation does not handle at all.
 */
public final class JmxRegistration {

  /** The two beans a cache may expose; the constant's type name is the ObjectName's {@code type}. */
  public enum MBeanType {
    CONFIGURATION("CacheConfiguration"),
    STATISTICS("CacheStatistics");

    private final String typeName;

    MBeanType(String typeName) {
      this.typeName = typeName;
    }

    /** The value of {@code type=} in the bean's ObjectName. */
    public String typeName() {
      return typeName;
    }
  }

  private JmxRegistration() {
  }

  /**
   * Registers {@code mbean} for {@code cache}. Registering when a bean of this type is already
   * registered for this cache's name does nothing: JCache calls it whenever management or statistics
   * are (re-)enabled.
   *
   * @throws CacheException when the MBeanServer refuses the bean (e.g. it is not an MXBean)
   */
  public static void register(Cache<?, ?> cache, Object mbean, MBeanType type) {
    Objects.requireNonNull(mbean, "mbean");
    ObjectName name = objectName(cache, type);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (!server.isRegistered(name)) {
        server.registerMBean(mbean, name);
      }
    } catch (InstanceAlreadyExistsException raced) {
      // another thread registered it between the check and ours: the outcome we wanted
    } catch (JMException | RuntimeException e) {
      throw new CacheException("cannot register the " + type.typeName() + " MXBean " + name
          + ": " + e.getMessage(), e);
    }
  }

  /** Unregisters the cache's bean of this type; does nothing when none is registered. */
  public static void unregister(Cache<?, ?> cache, MBeanType type) {
    ObjectName name = objectName(cache, type);
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      if (server.isRegistered(name)) {
        server.unregisterMBean(name);
      }
    } catch (InstanceNotFoundException raced) {
      // already gone: the outcome we wanted
    } catch (JMException | RuntimeException e) {
      throw new CacheException("cannot unregister the " + type.typeName() + " MXBean " + name
          + ": " + e.getMessage(), e);
    }
  }

  /** Whether the cache's bean of this type is registered. */
  public static boolean isRegistered(Cache<?, ?> cache, MBeanType type) {
    return ManagementFactory.getPlatformMBeanServer().isRegistered(objectName(cache, type));
  }

  /** The name under which the cache's bean of this type is (or would be) registered. */
  public static ObjectName objectName(Cache<?, ?> cache, MBeanType type) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(type, "mbean type");
    // A secret in the manager's URI would otherwise be readable by anyone who can list the MBeans.
    String manager = nameValue(Secrets.mask(String.valueOf(cache.getCacheManager().getURI())));
    String cacheName = nameValue(cache.getName());
    try {
      return new ObjectName("javax.cache:type=" + type.typeName() + ",CacheManager=" + manager
          + ",Cache=" + cacheName);
    } catch (MalformedObjectNameException e) {
      throw new CacheException("cannot build an MXBean name for cache " + cache.getName()
          + " of manager " + Secrets.mask(String.valueOf(cache.getCacheManager().getURI())) + ": " + e.getMessage(),
          e);
    }
  }

  /** The reference implementation's replacement, then quoting when that is still not a plain value. */
  static String nameValue(String raw) {
    String replaced = raw == null ? "" : raw.replaceAll("[,:=\n]", ".");
    if (replaced.indexOf('"') >= 0 || replaced.indexOf('*') >= 0 || replaced.indexOf('?') >= 0) {
      return ObjectName.quote(replaced);
    }
    return replaced;
  }
}
