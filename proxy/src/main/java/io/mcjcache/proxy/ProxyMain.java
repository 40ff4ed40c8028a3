package io.mcjcache.proxy;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.StoreException;
import io.mcjcache.config.ClusterSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ProxyMain <memcached:// uri | properties file> [--listen host:port] [--max-connections n]
 * [--idle-timeout s]}: the proxy on its own, without the agent (docs/proxy.md, "Running it"). Opens the
 * routed store in the proxy's namespace and serves memcached's text protocol (default
 * {@value ProxyOptions#DEFAULT_LISTEN}, loopback only) until SIGTERM or SIGINT, when a shutdown hook
 * closes the server (requests in flight are answered), then the store. Exit status 2 for bad arguments.
 */
public final class ProxyMain {
  /** How the line printed once the proxy listens begins (scripts and tests wait for it). */
  public static final String STARTED = "mcjcache proxy listening on";

  /** Held so that the level set on it is not lost when the logging system drops unreferenced loggers. */
  private static final Logger WIRE_LOG = Logger.getLogger("net.spy.memcached");

  private ProxyMain() {}

  public static void main(String[] args) throws Exception {
    quietWireClient();
    ProxyArguments arguments;
    ClusterSettings settings;
    try {
      arguments = ProxyArguments.parse(args, ProxyOptions.DEFAULT_LISTEN);
      if (arguments.positional().size() != 1) {
        throw new IllegalArgumentException(arguments.positional().isEmpty() ? "no cluster given"
            : "unexpected argument: " + arguments.positional().get(1));
      }
      settings = storeSettings(ClusterSettings.parse(uri(arguments.positional().get(0)), new Properties(),
          ProxyMain.class.getClassLoader()));
    } catch (RuntimeException e) {
      System.err.println("mcjcache proxy: " + e.getMessage());
      System.err.println("usage: ProxyMain <memcached://host:port,...?key=value | properties file> "
          + ProxyArguments.USAGE);
      System.exit(2);
      return;
    }
    RoutedClusterStore store;
    try {
      store = openStore(settings, false);
    } catch (StoreException e) { // the servers refuse this client, or a store or password file is unusable
      System.err.println("mcjcache proxy: " + e.getMessage());
      System.exit(2);
      return;
    }
    ProxyServer server;
    try {
      server = ProxyServer.start(store, settings.namespace(), arguments.options());
    } catch (Exception e) { // Netty rethrows a failed bind's BindException unchecked-style
      store.close();
      System.err.println("mcjcache proxy: cannot listen on " + arguments.options().listen() + ": " + e);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } finally {
        store.close();
        stopped.countDown();
      }
    }, "mcjcache-proxy-stop"));
    System.out.println(startedLine(server, settings));
    System.out.flush();
    stopped.await();
  }

  /** What the proxy prints once it listens: where, for how many servers, which namespace. */
  public static String startedLine(ProxyServer server, ClusterSettings settings) {
    return STARTED + " " + server.address().getHostString() + ":" + server.address().getPort() + " for "
        + settings.servers().size() + " memcached servers, namespace '" + settings.namespace() + "'";
  }

  /**
   * The settings the proxy opens its store with: the configured ones in the proxy's own namespace
   * ({@code proxy.namespace}), so that the JCache caches' processes, which list and move every key of their
   * namespace, never touch the proxy's items (docs/proxy.md, "Namespace and keys").
   */
  public static ClusterSettings storeSettings(ClusterSettings configured) {
    return configured.withNamespace(configured.effectiveProxyNamespace());
  }

  /**
   * Opens the store the proxy serves from, with {@code settings} already in the proxy's namespace
   * ({@link #storeSettings}); as the host's agent ({@link RoutedClusterStore#openAgent}: it takes over the
   * probing for that namespace's processes) or as a plain process.
   */
  public static RoutedClusterStore openStore(ClusterSettings settings, boolean asAgent) {
    return asAgent ? RoutedClusterStore.openAgent(settings, ProxyItem.EXPIRY)
        : RoutedClusterStore.open(settings, ProxyItem.EXPIRY);
  }

  /** A {@code memcached://} (or other) URI as given, or a path to a properties file. */
  static URI uri(String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !target.matches("^[a-zA-Z]:\\\\.*")) {
      return URI.create(target);
    }
    return Path.of(target).toAbsolutePath().toUri();
  }

  /**
   * spymemcached logs every connection at INFO through its own logger unless told otherwise; the proxy and
   * the agent keep it to warnings, through SLF4J (bound to {@code java.util.logging}). Not spymemcached's
   * {@code SunLogger}: it builds a {@code Throwable} for every debug call even with debug off, which cost
   * the wire client's one I/O thread 41 against 15 µs per get (docs/proxy-performance.md).
   */
  public static void quietWireClient() {
    if (System.getProperty("net.spy.log.LoggerImpl") == null) {
      System.setProperty("net.spy.log.LoggerImpl", "net.spy.memcached.compat.log.SLF4JLogger");
    }
    WIRE_LOG.setLevel(Level.WARNING);
  }
}
