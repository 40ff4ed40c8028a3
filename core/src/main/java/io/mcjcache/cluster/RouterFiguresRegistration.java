package io.mcjcache.cluster;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Puts a store's router figures into the platform MBeanServer as
 * {@code io.mcjcache:type=Router,cluster="<identity>",store=<id>}: the cluster identity tells operators
 * which servers and namespace, the store id keeps two managers on the same cluster in one JVM apart.
 * JMX is for operators, so a refusal is logged, never thrown at the application.
 */
final class RouterFiguresRegistration implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RouterFiguresRegistration.class.getName());

  private final ObjectName name;

  private RouterFiguresRegistration(ObjectName name) {
    this.name = name;
  }

  static RouterFiguresRegistration register(RouterFiguresMXBean figures, String clusterIdentity) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName("io.mcjcache:type=Router,cluster=" + ObjectName.quote(clusterIdentity)
          + ",store=" + Integer.toHexString(System.identityHashCode(figures)));
      server.registerMBean(figures, name);
      return new RouterFiguresRegistration(name);
    } catch (JMException e) {
      LOG.log(System.Logger.Level.WARNING, "mcjcache: router figures not registered in JMX", e);
      return new RouterFiguresRegistration(null);
    }
  }

  ObjectName name() {
    return name;
  }

  @Override
  public void close() {
    if (name == null) {
      return;
    }
    try {
      ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
    } catch (JMException e) {
      LOG.log(System.Logger.Level.DEBUG, "mcjcache: router figures were already unregistered", e);
    }
  }
}
