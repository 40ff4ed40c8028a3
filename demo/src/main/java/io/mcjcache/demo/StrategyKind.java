package io.mcjcache.demo;

import io.mcjcache.routing.MirrorMode;
import io.mcjcache.testkit.MemcachedCluster;
import java.util.Optional;

/**
 * The strategies the demo compares, in the order it runs them: the two placements clients used before
 * mcjcache, then mcjcache's router built up one idea at a time, ending with all of it; then the same through
 * mcjcache's proxy for clients in any language, and beside it twemproxy, the proxy such clients use today.
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

    @Override
    Optional<String> unavailable(Fault fault) {
      return fault == Fault.PAUSE ? Optional.of(KetamaStrategy.HANGS_ON_A_HUNG_NODE) : Optional.empty();
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
  },
  PROXY("(f) mcjcache proxy", "any language: memcached protocol on a local port") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return EndpointStrategy.proxy(cluster);
    }
  },
  TWEMPROXY("(g) twemproxy", "ketama, auto-eject") {
    @Override
    Strategy open(MemcachedCluster cluster) {
      return EndpointStrategy.twemproxy(cluster, Nutcracker.binary().orElseThrow(
          () -> new IllegalStateException(Nutcracker.missing())));
    }

    @Override
    Optional<String> unavailable(Fault fault) {
      return Nutcracker.binary().isPresent() ? Optional.empty() : Optional.of(Nutcracker.missing());
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

  /**
   * Why this strategy cannot run this {@code fault} here (a program it needs is missing, or its client would
   * make the run take many minutes), or empty when it can: the demo then prints the reason instead of the row
   * and runs the others.
   */
  Optional<String> unavailable(Fault fault) {
    return Optional.empty();
  }
}
