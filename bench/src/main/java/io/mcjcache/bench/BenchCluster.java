package io.mcjcache.bench;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.TlsMaterial;

/**
 * The memcached cluster mcjcache and raw spymemcached are measured on: 4 real memcached processes on
 * loopback ports (testkit), each with room for every key twice over, so that no row is a row of misses
 * or of evictions (100,000 items of ~1.1 KB are ~120 MB; with {@code mirror=pairs} each of the 4 nodes
 * holds half of them).
 */
final class BenchCluster {
  static final int NODES = 4;
  static final int MEMORY_MB_PER_NODE = 256;

  private BenchCluster() {}

  /** The {@code wire} parameter's values: plain text, or TLS-only servers. */
  static final String PLAIN = "plain";
  static final String TLS = "tls";

  private static TlsMaterial material;

  static MemcachedCluster start() {
    return start(PLAIN);
  }

  /** {@code wire}: {@link #PLAIN}, or {@link #TLS} for servers that speak only TLS with {@link #tls()}'s certificate. */
  static MemcachedCluster start(String wire) {
    MemcachedCluster.Builder builder = MemcachedCluster.builder().nodes(NODES).memoryMb(MEMORY_MB_PER_NODE);
    return switch (wire) {
      case PLAIN -> builder.start();
      case TLS -> builder.tls(tls()).start();
      default -> throw new IllegalArgumentException("wire must be " + PLAIN + " or " + TLS + ", not '" + wire + "'");
    };
  }

  /** The fork's certificate and trust store, made once. */
  static synchronized TlsMaterial tls() {
    if (material == null) {
      material = TlsMaterial.generate();
    }
    return material;
  }
}
