package io.mcjcache.bench;

import io.mcjcache.testkit.MemcachedCluster;

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

  static MemcachedCluster start() {
    return MemcachedCluster.builder().nodes(NODES).memoryMb(MEMORY_MB_PER_NODE).start();
  }
}
