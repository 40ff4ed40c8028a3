package io.mcjcache.bench.proxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The bench's twemproxy: the testkit's {@link io.mcjcache.testkit.Twemproxy} (child process, free loopback ports,
 * watchdog, temporary directory) with the bench's pool ({@link #SETTINGS}), optionally pinned like the other
 * endpoint processes ({@link #pinned}).
 */
final class Twemproxy implements AutoCloseable {
  /** The same per-operation timeout the mcjcache store has by default ({@code opTimeoutMs=500}). */
  static final int TIMEOUT_MS = 500;
  /**
   * The pool: the testkit's defaults (ketama over MD5, libketama's ring as {@link KetamaRing} builds it; servers named
   * {@code node0}... so the ring does not depend on the ports; {@code auto_eject_hosts: true} with twemproxy's example
   * values, failure limit 2 and retry 30 s, since nothing fails during the bench; one connection per server,
   * twemproxy's default, as spymemcached has in the proxy) with the op timeout mcjcache has by default.
   */
  static final io.mcjcache.testkit.Twemproxy.Settings SETTINGS = io.mcjcache.testkit.Twemproxy.Settings.defaults()
      .withPool("bench").withTimeout(Duration.ofMillis(TIMEOUT_MS));

  private final io.mcjcache.testkit.Twemproxy process;

  private Twemproxy(io.mcjcache.testkit.Twemproxy process) {
    this.process = process;
  }

  static List<String> nodeNames(int nodes) {
    return io.mcjcache.testkit.Twemproxy.nodeNames(nodes);
  }

  static Optional<Path> binary() {
    return io.mcjcache.testkit.Twemproxy.binary();
  }

  static String missing() {
    return io.mcjcache.testkit.Twemproxy.missing();
  }

  /** Starts it in front of {@code servers}, under {@code taskset -c pin} when {@code pin} names CPUs. */
  static Twemproxy start(Path binary, List<InetSocketAddress> servers, String pin) {
    return new Twemproxy(io.mcjcache.testkit.Twemproxy.start(binary, servers, SETTINGS.withCpus(pin)));
  }

  InetSocketAddress address() {
    return process.address();
  }

  long pid() {
    return process.pid();
  }

  String version() {
    return process.version();
  }

  @Override
  public void close() {
    process.close();
  }

  /**
   * {@code taskset -c <cpus>} when {@code pin} names CPUs, else nothing: the prefix that gives ProxyMain the same
   * cores as a pinned twemproxy.
   */
  static List<String> pinned(String pin) {
    return pin == null || pin.isBlank() ? List.of() : List.of("taskset", "-c", pin);
  }
}
