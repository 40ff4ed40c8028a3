package io.mcjcache.proxy;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.testkit.MemcachedCluster;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Properties;

/** A proxy in this JVM on a free loopback port, over a routed store on a testkit cluster. */
final class ProxyFixture implements AutoCloseable {
  final RoutedClusterStore store;
  final ProxyServer server;
  final String namespace;

  /** {@code query} (k=v&k2=v2) overrides the fast-failure defaults. */
  ProxyFixture(MemcachedCluster cluster, String query) throws InterruptedException {
    this(cluster, query, ProxyOptions.listeningOn(new InetSocketAddress("127.0.0.1", 0)));
  }

  /** With limits of the test's choosing. */
  ProxyFixture(MemcachedCluster cluster, String query, ProxyOptions options) throws InterruptedException {
    Properties properties = new Properties();
    properties.setProperty("opTimeoutMs", "1000");
    properties.setProperty("healthIntervalMs", "100");
    properties.setProperty("namespace", "app");
    properties.setProperty("proxy.namespace", "p");
    properties.setProperty("liveness.syncMs", "0");
    properties.setProperty("liveness.file", "none");
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        properties.setProperty(kv[0], kv[1]);
      }
    }
    ClusterSettings settings = ProxyMain.storeSettings(ClusterSettings.parse(URI.create(cluster.uri()), properties,
        ProxyFixture.class.getClassLoader()));
    namespace = settings.namespace();
    store = RoutedClusterStore.open(settings, ProxyItem.EXPIRY);
    try {
      server = ProxyServer.start(store, namespace, options);
    } catch (InterruptedException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  int port() {
    return server.address().getPort();
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
