package io.mcjcache.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One twemproxy ({@code nutcracker}) process in front of a list of memcached servers, for comparisons: the demo's
 * failover row and the proxy bench measure mcjcache beside it. It gets a generated configuration ({@link #config}),
 * free loopback ports (its stats port too: the default 22222 may be another run's) and a temporary directory for its
 * configuration and log.
 *
 * <p>As for memcached nodes, nothing is left behind: {@link #close()} stops it and removes the directory, the
 * testkit's shutdown hook stops it if the JVM exits without closing it, and a shell watchdog SIGKILLs it once the JVM
 * is gone without running hooks.
 */
public final class Twemproxy implements AutoCloseable {
  /** System property naming the binary; it wins over {@link #ENVIRONMENT} and the PATH. */
  public static final String PROPERTY = "mcjcache.nutcracker";
  /** Environment variable naming the binary, for CI machines where it is not on the PATH. */
  public static final String ENVIRONMENT = "MCJCACHE_NUTCRACKER";
  /** Where package managers put it when it is not on the PATH (Debian's is /usr/sbin/nutcracker). */
  private static final List<String> USUAL_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
      "/usr/bin", "/opt/homebrew/bin");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  /** New ports per attempt: another process may take a probed port before nutcracker binds it. */
  private static final int START_ATTEMPTS = 5;

  private final Path binary;
  private final Process process;
  private final Process watchdog;
  private final Path directory;
  private final int port;
  private final int statsPort;
  private String version;

  private Twemproxy(Path binary, Process process, Process watchdog, Path directory, int port, int statsPort) {
    this.binary = binary;
    this.process = process;
    this.watchdog = watchdog;
    this.directory = directory;
    this.port = port;
    this.statsPort = statsPort;
  }

  /**
   * The binary: {@code -Dmcjcache.nutcracker}, else {@code MCJCACHE_NUTCRACKER}, else {@code nutcracker} on the PATH
   * or in the directories package managers use; empty when none is an executable file (a named one that is not does
   * not fall back to the PATH: the name was meant).
   */
  public static Optional<Path> binary() {
    String named = named();
    if (named != null) {
      return Optional.of(Path.of(named)).filter(Twemproxy::executable);
    }
    String pathVariable = System.getenv("PATH");
    Stream<String> path = pathVariable == null ? Stream.empty() : Stream.of(pathVariable.split(File.pathSeparator));
    return Stream.concat(path, USUAL_DIRECTORIES.stream()).filter(d -> !d.isBlank())
        .map(d -> Path.of(d, "nutcracker")).filter(Twemproxy::executable).findFirst();
  }

  /** Why {@link #binary()} is empty, as an instruction: what to install or name. */
  public static String missing() {
    String named = named();
    if (named != null) {
      return named + " (named by -D" + PROPERTY + " or " + ENVIRONMENT + ") is not an executable file";
    }
    return "nutcracker (twemproxy) not found on the PATH nor in " + String.join(", ", USUAL_DIRECTORIES)
        + "; install it (Debian/Ubuntu: apt-get install nutcracker; macOS: brew install twemproxy) or name the binary"
        + " with " + ENVIRONMENT + " or -D" + PROPERTY;
  }

  /** {@code node0, node1, ...}: the server names of {@link Settings#defaults()}. */
  public static List<String> nodeNames(int servers) {
    return IntStream.range(0, servers).mapToObj(Twemproxy::nodeName).toList();
  }

  /** The default name of server {@code index}, as it appears in the configuration and in {@link #stats()}. */
  public static String nodeName(int index) {
    return "node" + index;
  }

  /** Starts {@code binary} in front of {@code servers} and waits until both its ports accept connections. */
  public static Twemproxy start(Path binary, List<InetSocketAddress> servers, Settings settings) {
    settings.names(servers.size()); // a wrong number of names fails here, not in nutcracker
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return launch(binary, servers, settings, freePort(), freePort());
      } catch (IllegalStateException e) {
        last = e; // most likely a port taken between our probe and nutcracker's bind: try others
      }
    }
    throw last;
  }

  /** The YAML configuration of the one pool, listening on loopback {@code port}. */
  public static String config(Settings settings, int port, List<InetSocketAddress> servers) {
    StringBuilder yaml = new StringBuilder("# generated by io.mcjcache.testkit.Twemproxy\n").append(settings.pool())
        .append(":\n  listen: ").append(LOOPBACK.getHostAddress()).append(':').append(port)
        .append("\n  hash: ").append(settings.hash())
        .append("\n  distribution: ").append(settings.distribution())
        .append("\n  timeout: ").append(settings.timeout().toMillis())
        .append("\n  auto_eject_hosts: ").append(settings.autoEjectHosts())
        .append("\n  server_failure_limit: ").append(settings.serverFailureLimit())
        .append("\n  server_retry_timeout: ").append(settings.serverRetryTimeout().toMillis())
        .append("\n  server_connections: ").append(settings.serverConnections())
        .append("\n  servers:\n");
    List<String> names = settings.names(servers.size());
    for (int i = 0; i < servers.size(); i++) {
      InetSocketAddress server = servers.get(i);
      yaml.append("   - ").append(server.getAddress().getHostAddress()).append(':').append(server.getPort())
          .append(":1 ").append(names.get(i)).append('\n');
    }
    return yaml.toString();
  }

  /** Where clients connect. */
  public InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, port);
  }

  /** Where {@link #stats()} reads from. */
  public InetSocketAddress statsAddress() {
    return new InetSocketAddress(LOOPBACK, statsPort);
  }

  /**
   * One stats dump, the raw JSON twemproxy writes on its stats port before closing the connection. Its figures are
   * as of the last stats interval ({@link Settings#statsInterval()}), not of this moment.
   */
  public String stats() {
    try (Socket socket = new Socket()) {
      socket.connect(statsAddress(), 1000);
      socket.setSoTimeout(1000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read twemproxy's stats on port " + statsPort, e);
    }
  }

  /** Operating-system pid of nutcracker itself (under {@code taskset} too: taskset execs it). */
  public long pid() {
    return process.pid();
  }

  /** The first line of {@code nutcracker --version}, asked once on first use: only reports need it. */
  public synchronized String version() {
    if (version == null) {
      version = askVersion(binary);
    }
    return version;
  }

  /** Stops it (SIGTERM, then SIGKILL after 5 s) and its watchdog, and removes its directory. */
  @Override
  public void close() {
    try {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      stopQuietly(process, watchdog, directory);
    }
  }

  @Override
  public String toString() {
    return "twemproxy pid " + process.pid() + " at " + LOOPBACK.getHostAddress() + ":" + port;
  }

  private static Twemproxy launch(Path binary, List<InetSocketAddress> servers, Settings settings, int port,
      int statsPort) {
    Path directory;
    Process process;
    try {
      directory = Files.createTempDirectory("mcjcache-twemproxy-" + settings.pool() + "-");
      Path config = Files.writeString(directory.resolve("nutcracker.yml"), config(settings, port, servers));
      List<String> command = new ArrayList<>(settings.cpus().isEmpty() ? List.of()
          : List.of("taskset", "-c", settings.cpus()));
      command.addAll(List.of(binary.toString(), "-c", config.toString(), "-s", Integer.toString(statsPort), "-a",
          LOOPBACK.getHostAddress(), "-i", Long.toString(settings.statsInterval().toMillis()), "-o",
          directory.resolve("nutcracker.log").toString()));
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(directory.resolve("output.txt").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    ProcessReaper.register(process);
    Process watchdog = null;
    try {
      watchdog = watchdog(process.pid());
      awaitReady(process, directory, port, statsPort);
      return new Twemproxy(binary, process, watchdog, directory, port, statsPort);
    } catch (RuntimeException e) {
      process.destroyForcibly();
      stopQuietly(process, watchdog, directory);
      throw e;
    }
  }

  /** Polls until both ports accept connections; fails at once if the process exits (a port taken, say). */
  private static void awaitReady(Process process, Path directory, int port, int statsPort) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!(accepts(port) && accepts(statsPort))) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nutcracker exited at start with code " + process.exitValue() + ": "
            + read(directory.resolve("output.txt")) + read(directory.resolve("nutcracker.log")));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("nutcracker did not listen on port " + port + " within " + READY_TIMEOUT);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for nutcracker", e);
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A shell that SIGKILLs nutcracker once this JVM is gone, even without shutdown hooks. */
  private static Process watchdog(long pid) {
    long jvm = ProcessHandle.current().pid();
    String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 " + pid + " 2>/dev/null; do sleep 1; done;"
        + " kill -KILL " + pid + " 2>/dev/null";
    try {
      Process dog = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      ProcessReaper.register(dog);
      return dog;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the watchdog for nutcracker pid " + pid, e);
    }
  }

  /** The last of stopping, once nutcracker is dead or dying: its watchdog, its reaper entries, its directory. */
  private static void stopQuietly(Process process, Process watchdog, Path directory) {
    ProcessReaper.unregister(process);
    if (watchdog != null) {
      watchdog.destroyForcibly();
      try {
        watchdog.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ProcessReaper.unregister(watchdog);
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // A leftover file in the temporary directory is harmless.
    }
  }

  private static String askVersion(Path binary) {
    try {
      Process p = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      return out.lines().findFirst().orElse("(unknown version)");
    } catch (IOException e) {
      return "(unknown version)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(unknown version)";
    }
  }

  private static String named() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.strip();
    }
    String variable = System.getenv(ENVIRONMENT);
    return variable != null && !variable.isBlank() ? variable.strip() : null;
  }

  private static boolean executable(Path path) {
    return Files.isRegularFile(path) && Files.isExecutable(path);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() + " " : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The pool's settings, immutable so that a restart attempt on other ports starts the same proxy. Start from
   * {@link #defaults()} and change what a comparison needs with the {@code with...} methods (the canonical
   * constructor for anything else); the components are twemproxy's configuration keys.
   *
   * @param pool the pool's name in the configuration and in the stats JSON
   * @param distribution {@code ketama}, {@code modula} or {@code random}
   * @param hash the key hash, e.g. {@code md5}
   * @param autoEjectHosts whether a failing server leaves the ring for {@code serverRetryTimeout}
   * @param serverFailureLimit consecutive failures that eject a server
   * @param serverRetryTimeout how long an ejected server stays out of the ring
   * @param timeout how long twemproxy waits for a server's answer
   * @param serverConnections connections from twemproxy to each server
   * @param statsInterval how often twemproxy aggregates the figures {@link #stats()} shows
   * @param serverNames one name per server, the ring's keys; empty for {@link #nodeNames}
   * @param cpus a {@code taskset -c} CPU list to pin nutcracker to; empty for no pinning
   */
  public record Settings(String pool, String distribution, String hash, boolean autoEjectHosts,
      int serverFailureLimit, Duration serverRetryTimeout, Duration timeout, int serverConnections,
      Duration statsInterval, List<String> serverNames, String cpus) {
    public Settings {
      if (pool.isBlank() || !pool.matches("[A-Za-z0-9_-]+")) {
        throw new IllegalArgumentException("pool must be a plain YAML key, got '" + pool + "'");
      }
      if (serverFailureLimit < 1 || serverConnections < 1) {
        throw new IllegalArgumentException("serverFailureLimit and serverConnections must be >= 1, got "
            + serverFailureLimit + " and " + serverConnections);
      }
      if (serverRetryTimeout.isNegative() || timeout.isNegative() || statsInterval.isNegative()
          || statsInterval.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + serverRetryTimeout + ", " + timeout
            + ", " + statsInterval);
      }
      serverNames = List.copyOf(serverNames);
      cpus = cpus == null ? "" : cpus.strip();
    }

    /**
     * A typical cache pool, the values both comparisons share unless they say otherwise:
     *
     * <ul>
     * <li>{@code ketama} over {@code md5}: libketama's ring, which spymemcached's {@code KETAMA_HASH} builds too, so
     * that a client hashing for itself agrees with twemproxy. Not twemproxy's default {@code fnv1a_64}: it keeps only
     * the low 32 bits, where keys that differ in their last characters land next to each other on the ring.
     * <li>servers named {@code node0}...: the ring is built from the names, not the ports, so it is the same in every
     * run (twemproxy's notes/recommendation.md, "node names for consistent hashing").
     * <li>{@code auto_eject_hosts} with failure limit 2 and retry 30 s: the memcached pool of twemproxy's example
     * conf/nutcracker.yml; without ejection every request for a dead server's keys fails until it returns.
     * <li>timeout 500 ms: mcjcache's default op timeout; twemproxy's own default is to wait forever.
     * <li>one connection per server and stats every 30 s: twemproxy's defaults.
     * </ul>
     */
    public static Settings defaults() {
      return new Settings("mcjcache", "ketama", "md5", true, 2, Duration.ofSeconds(30), Duration.ofMillis(500), 1,
          Duration.ofSeconds(30), List.of(), "");
    }

    public Settings withPool(String value) {
      return new Settings(value, distribution, hash, autoEjectHosts, serverFailureLimit, serverRetryTimeout, timeout,
          serverConnections, statsInterval, serverNames, cpus);
    }

    /** Ejection on: {@code failureLimit} failures in a row take a server out of the ring for {@code retry}. */
    public Settings withEjection(int failureLimit, Duration retry) {
      return new Settings(pool, distribution, hash, true, failureLimit, retry, timeout, serverConnections,
          statsInterval, serverNames, cpus);
    }

    public Settings withTimeout(Duration value) {
      return new Settings(pool, distribution, hash, autoEjectHosts, serverFailureLimit, serverRetryTimeout, value,
          serverConnections, statsInterval, serverNames, cpus);
    }

    public Settings withStatsInterval(Duration value) {
      return new Settings(pool, distribution, hash, autoEjectHosts, serverFailureLimit, serverRetryTimeout, timeout,
          serverConnections, value, serverNames, cpus);
    }

    public Settings withCpus(String value) {
      return new Settings(pool, distribution, hash, autoEjectHosts, serverFailureLimit, serverRetryTimeout, timeout,
          serverConnections, statsInterval, serverNames, value);
    }

    /** The names for {@code servers} servers: {@link #serverNames()}, or {@link #nodeNames} when it is empty. */
    List<String> names(int servers) {
      if (serverNames.isEmpty()) {
        return nodeNames(servers);
      }
      if (serverNames.size() != servers) {
        throw new IllegalArgumentException(serverNames.size() + " server names for " + servers + " servers");
      }
      return serverNames;
    }
  }
}
