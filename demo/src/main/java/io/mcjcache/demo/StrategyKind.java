package io.mcjcache.demo;

import io.mcjcache.routing.MirrorMode;
import io.mcjcache.testkit.MemcachedCluster;

/**
 * The strategies the demo compares, in the order it runs them: the two placements clients used before
 * mcjcache, then mcjcache's router built up one idea at a time, ending with all of it.
 */
public enum StrategyKind {
  LIVE_MODULO("(a) modulo over live nodes", "libmemcache, 2004") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return new LiveModuloStrategy(NodeClient.connect(cluster));
    }
  },
  KETAMA("(b) ketama, redistribute", "spymemcached") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return KetamaStrategy.connect(cluster);
    }
  },
  REHASH("(c) configured count + rehash", "no pairs") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return new PlannedStrategy(NodeClient.connect(cluster), MirrorMode.NONE);
    }
  },
  PAIRS("(d) + pairs", "no recovery fallback") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return new PlannedStrategy(NodeClient.connect(cluster), MirrorMode.PAIRS);
    }
  },
  MCJCACHE("(e) mcjcache", "+ recovery fallback") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return McjcacheStrategy.open(cluster);
    }
  };

  private final String title;
  private final String note;

  StrategyKind(String title, String note) {
    this.title = title;
    this.note = note;
  }

  /** The row label, e.g. {@code (a) modulo over live nodes}. */
  public String title() {
    return title;
  }

  /** Where the strategy comes from or what it leaves out. */
  public String note() {
    return note;
  }

  /** Connects a fresh client of this kind to {@code cluster}. */
  abstract Strategy open(MemcachedCluster cluster);
}
