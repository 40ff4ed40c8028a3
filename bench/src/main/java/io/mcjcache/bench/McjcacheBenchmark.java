package io.mcjcache.bench;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.TlsMaterial;
import java.net.URI;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.openjdk.jmh.annotations.Param;

/**
 * mcjcache on 4 memcached nodes, through {@code javax.cache} only, as a user opens it: a
 * {@code memcached://} URI listing the cluster, with the mirroring and near-cache size under test.
 * Everything else is the provider's default.
 */
public class McjcacheBenchmark extends JCacheBenchmark {
  static final String PROVIDER = "io.mcjcache.MemcachedCachingProvider";

  /** {@code none}: one copy per key; {@code pairs}: every write goes to the home node and its partner. */
  @Param({"none", "pairs"})
  public String mirror;

  /**
   * 0 turns the near cache off (the rows the performance goals are about: docs/performance.md, "Against the
   * goals"); add the default size with {@code -p nearCacheMaxEntries=0,10000} to measure it on as well (see
   * docs/performance.md).
   */
  @Param({"0"})
  public int nearCacheMaxEntries;

  /**
   * {@code liveness.file}: {@code auto} (the default: the view shared with the host's processes through a
   * memory-mapped file) or {@code none} (the process's own view); {@code -p livenessFile=auto,none}
   * measures what sharing costs.
   */
  @Param({"auto"})
  public String livenessFile;

  /**
   * {@code liveness.syncMs}: how often the host's prober reads the cluster record (the view shared across
   * hosts; the default 200), or {@code 0} (hosts decide alone); {@code -p livenessSyncMs=200,0} measures
   * what the record's background reads cost the operations.
   */
  @Param({"200"})
  public int livenessSyncMs;

  /**
   * {@code plain}, or {@code tls}: servers that speak only TLS, and mcjcache with {@code tls=true} and their
   * trust store; {@code -p wire=plain,tls} measures what TLS costs (docs/performance.md, "TLS").
   */
  @Param({"plain"})
  public String wire;

  /**
   * {@code none}, or {@code node0}: node 0 is killed after the preload and the measurement starts once the
   * router counts it dead, so that its keys are read from their partners (with {@code mirror=pairs}) and
   * written to them: {@code -p deadNode=none,node0} measures the failover path against the healthy one.
   */
  @Param({"none"})
  public String deadNode;

  private MemcachedCluster cluster;
  private CacheManager manager;

  @Override
  protected Cache<String, byte[]> open(MutableConfiguration<String, byte[]> configuration) {
    cluster = BenchCluster.start(wire);
    URI uri = URI.create(cluster.uri() + "?mirror=" + mirror
        + "&nearCache.maxEntries=" + nearCacheMaxEntries + "&liveness.file=" + livenessFile + "&liveness.syncMs="
        + livenessSyncMs + "&namespace=" + WireForm.NAMESPACE);
    Properties settings = new Properties();
    if (BenchCluster.TLS.equals(wire)) {
      settings.setProperty("tls", "true");
      settings.setProperty("tls.trustStore", BenchCluster.tls().trustStore().toString());
      settings.setProperty("tls.trustStorePassword", TlsMaterial.TRUST_STORE_PASSWORD);
    }
    manager = provider(PROVIDER).getCacheManager(uri, McjcacheBenchmark.class.getClassLoader(), settings);
    return manager.createCache(CACHE_NAME, configuration);
  }

  @Override
  protected void afterPreload() {
    switch (deadNode) {
      case "none" -> {}
      case "node0" -> {
        cluster.node(0).kill();
        RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (store.view().isAlive(0)) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("node 0 was killed but not counted dead within 30 s");
          }
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // health's probes decide: no event to wait on
        }
      }
      default -> throw new IllegalArgumentException("deadNode must be none or node0, not '" + deadNode + "'");
    }
  }

  @Override
  protected void close() {
    if (manager != null) {
      manager.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected String peer() {
    return "mcjcache (mirror=" + mirror + ", nearCache.maxEntries=" + nearCacheMaxEntries + ", liveness.file="
        + livenessFile + ", liveness.syncMs=" + livenessSyncMs + (BenchCluster.TLS.equals(wire) ? ", tls" : "")
        + ("none".equals(deadNode) ? "" : ", dead " + deadNode) + ")";
  }
}
