package io.mcjcache.proxy;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.routing.ClusterView;
import java.net.InetSocketAddress;
import java.util.Properties;

/**
 * The proxy inside a program of one's own: the store and server that {@link ProxyMain} opens, without its
 * command line, console line and shutdown hook. For programs that want a memcached-protocol endpoint next
 * to their own code, on a port of their choosing or a free one (the demo's "(f) mcjcache proxy" row, which
 * points a plain text-protocol client at it). The store is {@link ProxyMain}'s: the same cluster URI or
 * properties file, the items in {@code proxy.namespace}, opened by {@link ProxyMain#openStore} as a plain
 * process (not the host's agent).
 * {@link #close()} closes the server first, then the store, as {@link ProxyMain}'s hook does.
 */
public final class EmbeddedProxy implements AutoCloseable {
  private final RoutedClusterStore store;
  private final ProxyServer server;
  private final String namespace;

  private EmbeddedProxy(RoutedClusterStore store, ProxyServer server, String namespace) {
    this.store = store;
    this.server = server;
    this.namespace = namespace;
  }

  /** Opens the proxy for {@code cluster} (a cluster URI or a properties file) on a free loopback port. */
  public static EmbeddedProxy open(String cluster) throws InterruptedException {
    return open(cluster, new InetSocketAddress("127.0.0.1", 0));
  }

  /**
   * Opens the store for {@code cluster} (a {@code memcached://} URI or a properties file, as
   * {@link ProxyMain} takes it) and listens on {@code listen} (port 0 picks a free one, see
   * {@link #address()}). The store is closed again if the server cannot listen.
   */
  public static EmbeddedProxy open(String cluster, InetSocketAddress listen) throws InterruptedException {
    ClusterSettings settings = ProxyMain.storeSettings(
        ClusterSettings.parse(ProxyMain.uri(cluster), new Properties(), EmbeddedProxy.class.getClassLoader()));
    RoutedClusterStore store = ProxyMain.openStore(settings, false);
    try {
      return new EmbeddedProxy(store, ProxyServer.start(store, settings.namespace(), listen), settings.namespace());
    } catch (InterruptedException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Where it listens. */
  public InetSocketAddress address() {
    return server.address();
  }

  /** The namespace the proxy keeps its items in ({@code proxy.namespace}). */
  public String namespace() {
    return namespace;
  }

  /**
   * The store's liveness view right now: which nodes the proxy counts as alive, for a caller that wants
   * to wait until the proxy has seen a failure or a return before it measures.
   */
  public ClusterView view() {
    return store.view();
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      store.close();
    }
  }
}
