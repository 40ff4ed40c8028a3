package io.mcjcache.proxy;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ProxyMain <memcached:// uri | properties file> [--listen host:port]}: opens the routed store on
 * the cluster and serves memcached's text protocol on the listen address (default
 * {@value #DEFAULT_LISTEN}, loopback only) until SIGTERM or SIGINT, when a shutdown hook closes the
 * server, then the store (docs/proxy.md, "Running it").
 */
public final class ProxyMain {
  static final String DEFAULT_LISTEN = "127.0.0.1:11311";

  private ProxyMain() {}

  public static void main(String[] args) throws Exception {
    String target = null;
    String listen = DEFAULT_LISTEN;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--listen") && i + 1 < args.length) {
        listen = args[++i];
      } else if (target == null && !args[i].startsWith("--")) {
        target = args[i];
      } else {
        usage("unexpected argument: " + args[i]);
      }
    }
    if (target == null) {
      usage("no cluster given");
    }
    ClusterSettings configured = ClusterSettings.parse(uri(target), new Properties(),
        ProxyMain.class.getClassLoader());
    ClusterSettings settings = storeSettings(configured);
    RoutedClusterStore store = RoutedClusterStore.open(settings, ProxyItem.EXPIRY);
    ProxyServer server;
    try {
      server = ProxyServer.start(store, settings.namespace(), address(listen));
    } catch (Exception e) {
      store.close();
      throw e;
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
    System.out.println("mcjcache proxy listening on " + server.address().getHostString() + ":"
        + server.address().getPort() + " for " + settings.servers().size() + " memcached servers, namespace '"
        + settings.namespace() + "'");
    stopped.await();
  }

  /**
   * The settings the proxy opens its store with: the configured ones in the proxy's own namespace
   * ({@code proxy.namespace}), so that the JCache caches' processes, which list and move every key of their
   * namespace, never touch the proxy's items (docs/proxy.md, "Namespace and keys").
   */
  static ClusterSettings storeSettings(ClusterSettings configured) {
    return configured.withNamespace(configured.effectiveProxyNamespace());
  }

  /** A {@code memcached://} (or other) URI as given, or a path to a properties file. */
  static URI uri(String target) {
    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") && !target.matches("^[a-zA-Z]:\\\\.*")) {
      return URI.create(target);
    }
    return Path.of(target).toAbsolutePath().toUri();
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--listen wants host:port, got '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  private static void usage(String problem) {
    System.err.println(problem);
    System.err.println("usage: ProxyMain <memcached://host:port,...?key=value | properties file> "
        + "[--listen host:port]  (default " + DEFAULT_LISTEN + ")");
    System.exit(2);
  }
}
