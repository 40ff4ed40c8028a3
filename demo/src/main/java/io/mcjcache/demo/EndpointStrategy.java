package io.mcjcache.demo;

import io.mcjcache.proxy.EmbeddedProxy;
import io.mcjcache.testkit.MemcachedCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A plain memcached client that knows one address, as an application in any language would use a proxy:
 * whatever listens there (mcjcache's proxy, twemproxy) places the keys, notices failures and recovers, and
 * the client only sees its answers ({@link TextClient}). What the schedule waits on before each read pass
 * is the proxy's own liveness view: the store's for mcjcache's, the stats' ejections for twemproxy
 * ({@link EjectionWatch}).
 */
final class EndpointStrategy implements Strategy {
  /**
   * The client's read timeout: above anything the proxies take for one answer (twemproxy's timeout, the
   * store's op timeout per node tried), so that an answer is never given up on while it is on its way.
   */
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

  private final TextClient client;
  private final IntPredicate alive;
  private final AutoCloseable endpoint;

  private EndpointStrategy(TextClient client, IntPredicate alive, AutoCloseable endpoint) {
    this.client = client;
    this.alive = alive;
    this.endpoint = endpoint;
  }

  /**
   * mcjcache's proxy in this JVM on a free loopback port, its store with {@code mirror=pairs} and otherwise
   * what (e) has: defaults, and the probe period and op timeout every strategy shares. Its items live in the
   * proxy's own namespace ({@code demo-proxy}, docs/proxy.md).
   */
  static EndpointStrategy proxy(MemcachedCluster cluster) {
    String uri = cluster.uri() + "?mirror=pairs&namespace=demo&healthIntervalMs=" + NodeClient.PROBE_INTERVAL.toMillis()
        + "&opTimeoutMs=" + NodeClient.OP_TIMEOUT.toMillis();
    EmbeddedProxy proxy;
    try {
      proxy = EmbeddedProxy.open(uri);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the proxy", e);
    }
    return new EndpointStrategy(new TextClient(proxy.address(), CLIENT_TIMEOUT), node -> proxy.view().isAlive(node),
        proxy);
  }

  /** A twemproxy process ({@link Nutcracker}) in front of every node of {@code cluster}. */
  static EndpointStrategy twemproxy(MemcachedCluster cluster, Path binary) {
    Nutcracker nutcracker = Nutcracker.start(binary, cluster.addresses());
    return new EndpointStrategy(new TextClient(nutcracker.address(), CLIENT_TIMEOUT), nutcracker::serves,
        nutcracker);
  }

  @Override
  public Set<String> putAll(Map<String, String> entries) {
    return client.setAll(entries);
  }

  @Override
  public Set<String> deleteAll(Collection<String> keys) {
    return client.deleteAll(keys);
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    return client.getAll(keys);
  }

  @Override
  public boolean seesAlive(int node) {
    return alive.test(node);
  }

  @Override
  public void close() {
    client.close();
    try {
      endpoint.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop " + endpoint, e);
    }
  }
}
