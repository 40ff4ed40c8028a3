package io.mcjcache.tck;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.TlsMaterial;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts the real memcached cluster the TCK runs against before any test class is discovered, and stops
 * it when the test session ends. The TCK obtains its cache managers with the provider's default URI, so
 * the cluster is handed over through the system property {@code mcjcache.uri}.
 *
 * <p>Two nodes with {@code mirror=pairs}, so every write goes through the router's pairing. The TCK's
 * keys and values are its own domain classes, which the deserialization allow-list must name.
 *
 * <p>The system property {@value #NEAR_CACHE_PROPERTY} ({@code on}, the default, or {@code off}) chooses
 * whether the caches have their near cache (the provider's default) or none ({@code nearCache.maxEntries=0});
 * the build runs the TCK once each way.
 */
public final class TckCluster implements LauncherSessionListener {
  /**
   * The classes the TCK stores as keys and values, on top of the JDK value types: its own, and the RI
   * annotation interceptors' generated cache keys.
   */
  static final String TCK_CLASSES = "domain.*;org.jsr107.tck.**;manager.*;org.jsr107.ri.annotations.**";
  /** {@code on} or {@code off}: run the TCK with the near cache or without. */
  static final String NEAR_CACHE_PROPERTY = "mcjcache.tck.nearCache";

  /**
   * {@code plain} or {@code tls-auth}: run on plain-text servers, or on TLS-only servers that require ASCII
   * authentication, configured through the {@code tls.*} and {@code auth.*} keys.
   */
  static final String SECURITY_PROPERTY = "mcjcache.tck.security";
  private static final String USER = "tck";
  private static final String PASSWORD = "tck-pass";

  private MemcachedCluster cluster;
  private String previousUri;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    TlsMaterial tls = secured() ? TlsMaterial.generate() : null;
    cluster = tls == null ? MemcachedCluster.start(2)
        : MemcachedCluster.builder().nodes(2).tls(tls).asciiAuth(USER, PASSWORD).start();
    previousUri = System.getProperty("mcjcache.uri");
    System.setProperty("mcjcache.uri", writeSettings(cluster).toUri().toString());
  }

  /** Whether this run is on TLS-only, authenticating servers; anything but the two words is a build mistake. */
  static boolean secured() {
    String value = System.getProperty(SECURITY_PROPERTY, "plain");
    return switch (value) {
      case "plain" -> false;
      case "tls-auth" -> true;
      default -> throw new IllegalArgumentException(SECURITY_PROPERTY + " must be plain or tls-auth, not '" + value
          + "'");
    };
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

  /** Whether this run has near caches; anything but {@code on} or {@code off} is a mistake in the build. */
  static boolean nearCacheOn() {
    String value = System.getProperty(NEAR_CACHE_PROPERTY, "on");
    return switch (value) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(NEAR_CACHE_PROPERTY + " must be on or off, not '" + value + "'");
    };
  }

  /**
   * The cluster's settings as a {@code file:} URI. Not an inline {@code memcached://...?...} URI: the
   * TCK builds the MBean names it looks up from the manager's URI, replacing only {@code : = ,} and
   * newlines, so the {@code * ?} of an inline query would turn its names into patterns.
   */
  private static Path writeSettings(MemcachedCluster cluster) {
    Properties settings = new Properties();
    settings.setProperty("servers", cluster.serverList());
    settings.setProperty("mirror", "pairs");
    settings.setProperty("serialization.allowList", TCK_CLASSES);
    // The TCK checks JCache semantics, not failover. On a 2-core machine shared with other builds, a few
    // starved 500 ms operations in a row once marked both local nodes dead (and flushed them on rejoin)
    // in the middle of a run; a more patient liveness keeps such stalls from failing unrelated tests.
    settings.setProperty("opTimeoutMs", "2000");
    settings.setProperty("failuresToDead", "5");
    if (!nearCacheOn()) {
      settings.setProperty("nearCache.maxEntries", "0");
    }
    settings.putAll(cluster.clientSettings()); // tls.* and auth.* on the secured run, nothing otherwise
    try {
      Path file = Files.createTempFile("mcjcache-tck-", ".properties");
      file.toFile().deleteOnExit();
      try (Writer out = Files.newBufferedWriter(file)) {
        settings.store(out, "the memcached cluster the TCK runs against");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the TCK's mcjcache settings", e);
    }
  }
}
