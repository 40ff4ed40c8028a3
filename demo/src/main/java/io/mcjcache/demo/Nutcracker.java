package io.mcjcache.demo;

import io.mcjcache.testkit.Twemproxy;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Row (g)'s twemproxy in front of the demo's cluster: the testkit's {@link Twemproxy} (process, ports, watchdog,
 * temporary directory) with the settings of a typical cache deployment ({@link #config} says why each) and the
 * demo's reading of its stats ({@link #serves}).
 */
final class Nutcracker implements AutoCloseable {
  static final String PROPERTY = Twemproxy.PROPERTY;
  private static final String POOL = "demo";
  /** After an ejection, twemproxy leaves the server out of the ring this long, then tries it again. */
  static final Duration RETRY_TIMEOUT = Duration.ofMillis(2000);
  private static final int FAILURE_LIMIT = 1;
  /** How often twemproxy publishes its stats; the default 30 s would hide an ejection from the demo. */
  private static final Duration STATS_INTERVAL = Duration.ofMillis(100);
  /** See {@link #config}. */
  private static final Twemproxy.Settings SETTINGS = Twemproxy.Settings.defaults().withPool(POOL)
      .withEjection(FAILURE_LIMIT, RETRY_TIMEOUT).withTimeout(NodeClient.OP_TIMEOUT).withStatsInterval(STATS_INTERVAL);

  private final Twemproxy twemproxy;
  private final EjectionWatch watch;

  private Nutcracker(Twemproxy twemproxy, int servers) {
    this.twemproxy = twemproxy;
    this.watch = new EjectionWatch(servers, RETRY_TIMEOUT);
  }

  /** The binary, as {@link Twemproxy#binary()} finds it. */
  static Optional<Path> binary() {
    return Twemproxy.binary();
  }

  /** Why {@link #binary()} is empty, for the line the demo prints instead of the row. */
  static String missing() {
    return Twemproxy.missing();
  }

  /** Starts {@code binary} in front of {@code servers} and waits until it accepts connections. */
  static Nutcracker start(Path binary, List<InetSocketAddress> servers) {
    return new Nutcracker(Twemproxy.start(binary, servers, SETTINGS), servers.size());
  }

  /**
   * The configuration of the pool. Why these values:
   *
   * <ul>
   * <li>{@code distribution: ketama} with {@code hash: md5}: libketama's ring, the one spymemcached's
   * {@code KETAMA_HASH} builds for row (b). Not twemproxy's default {@code fnv1a_64}: twemproxy keeps only its low 32
   * bits, where FNV's multiplier is 0x1b3, so keys that differ in their last characters (the demo's {@code g:k1},
   * {@code g:k2}, ...) land next to each other on the ring and on few servers.
   * <li>Servers named {@code node0}... : the ring is built from the names, not the ports, so it is the same in every
   * run (twemproxy's notes/recommendation.md, "node names for consistent hashing").
   * <li>{@code auto_eject_hosts: true}, {@code server_failure_limit: 1}, {@code server_retry_timeout: 2000}: the
   * settings of the memcached pool ({@code delta}) in twemproxy's own example conf/nutcracker.yml, and the only way
   * twemproxy survives a dead server at all (without ejection every request for its keys fails until it returns).
   * One failure ejects it, so a dead server costs one failed request rather than one per request; 2 s later it is
   * tried again, so a returning server is used again within seconds. Its recommendation.md suggests 30000 ms / 3
   * against transient failures: slower to eject and to take back, the same kind of damage.
   * <li>{@code timeout: 500}: the op timeout every strategy of the demo has; twemproxy's default is to wait forever.
   * <li>Stats every 100 ms instead of 30 s, so that {@link #serves} sees an ejection while it matters.
   * </ul>
   */
  static String config(int port, List<InetSocketAddress> servers) {
    return Twemproxy.config(SETTINGS, port, servers);
  }

  InetSocketAddress address() {
    return twemproxy.address();
  }

  /**
   * Whether twemproxy serves {@code node}'s keys from it: not ejected within the retry timeout, and it has answered
   * since its last ejection, as the stats say ({@link EjectionWatch} says why both).
   */
  boolean serves(int node) {
    return watch.serves(twemproxy.stats(), node, TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
  }

  @Override
  public void close() {
    twemproxy.close();
  }

  /** The name of {@code node} in the configuration and in the stats. */
  static String name(int node) {
    return Twemproxy.nodeName(node);
  }
}
