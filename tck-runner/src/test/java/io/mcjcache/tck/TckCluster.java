package io.mcjcache.tck;

import io.mcjcache.testkit.MemcachedCluster;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the real memcached cluster the TCK runs against before any test class is discovered, and stops
 * it when the test session ends. The TCK obtains its cache managers with the provider's default URI, so
 * the cluster is handed over through the system property {@code mcjcache.uri}.
 *
 * <p>Two nodes with {@code mirror=pairs}, so every write goes through the router's pairing. The TCK's
 * keys and values are its own domain classes, which the deserialization allow-list must name.
 */
public final class TckCluster implements LauncherSessionListener {
  /** The TCK's own classes stored as keys and values, on top of the JDK value types. */
  static final String TCK_CLASSES = "domain.*;org.jsr107.tck.**;manager.*";

  private MemcachedCluster cluster;
  private String previousUri;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    cluster = MemcachedCluster.start(2);
    previousUri = System.getProperty("mcjcache.uri");
    System.setProperty("mcjcache.uri", cluster.uri() + "?mirror=pairs&serialization.allow=" + TCK_CLASSES);
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    if (previousUri == null) {
      System.clearProperty("mcjcache.uri");
    } else {
      System.setProperty("mcjcache.uri", previousUri);
    }
    if (cluster != null) {
      cluster.close();
    }
  }
}
