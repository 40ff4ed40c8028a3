package io.mcjcache.demo;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One twemproxy ({@code nutcracker}) process in front of the demo's cluster, configured as a typical cache
 * deployment (see {@link #config}), on free loopback ports, with a configuration file and log of its own in
 * a temporary directory. {@link #close()} stops it and removes the directory; a JVM shutdown hook and a
 * shell watchdog stop it too if the demo ends without closing it (Ctrl-C, or a JVM killed outright), as the
 * testkit does for memcached.
 */
final class Nutcracker implements AutoCloseable {
  static final String PROPERTY = "mcjcache.nutcracker";
  static final String ENVIRONMENT = "MCJCACHE_NUTCRACKER";
  /** Where package managers put it when it is not on the PATH (Debian's is /usr/sbin/nutcracker). */
  private static final List<String> USUAL_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin",
      "/opt/homebrew/bin");
  private static final String POOL = "demo";
  /** After an ejection, twemproxy leaves the server out of the ring this long, then tries it again. */
  static final Duration RETRY_TIMEOUT = Duration.ofMillis(2000);
  private static final int FAILURE_LIMIT = 1;
  /** How often twemproxy publishes its stats; the default 30 s would hide an ejection from the demo. */
  private static final Duration STATS_INTERVAL = Duration.ofMillis(100);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final int START_ATTEMPTS = 5;
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Process process;
  private final Process watchdog;
  private final Thread reaper;
  private final Path directory;
  private final int port;
  private final int statsPort;
  private final EjectionWatch watch;

  private Nutcracker(Process process, Process watchdog, Thread reaper, Path directory, int port, int statsPort,
      int servers) {
    this.process = process;
    this.watchdog = watchdog;
    this.reaper = reaper;
    this.directory = directory;
    this.port = port;
    this.statsPort = statsPort;
    this.watch = new EjectionWatch(servers, RETRY_TIMEOUT);
  }

  /**
   * The binary: {@code -Dmcjcache.nutcracker}, else {@code MCJCACHE_NUTCRACKER}, else {@code nutcracker} on
   * the PATH or in the directories package managers use; empty when none is an executable file.
   */
  static Optional<Path> binary() {
    String named = named();
    if (named != null) {
      Path path = Path.of(named);
      return Files.isRegularFile(path) && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    List<String> directories = new ArrayList<>();
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      directories.addAll(List.of(pathVariable.split(java.io.File.pathSeparator)));
    }
    directories.addAll(USUAL_DIRECTORIES);
    return directories.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "nutcracker"))
        .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst();
  }

  /** Why {@link #binary()} is empty, for the line the demo prints instead of the row. */
  static String missing() {
    String named = named();
    if (named != null) {
      return named + " (named by -D" + PROPERTY + " or " + ENVIRONMENT + ") is not an executable file";
    }
    return "nutcracker (twemproxy) not found on the PATH nor in " + String.join(", ", USUAL_DIRECTORIES)
        + "; install it (Debian/Ubuntu: apt-get install nutcracker; macOS: brew install twemproxy) or name the binary"
        + " with " + ENVIRONMENT + " or -D" + PROPERTY;
  }

  private static String named() {
    String property = System.getProperty(PROPERTY);
    if (property != null && !property.isBlank()) {
      return property.strip();
    }
    String variable = System.getenv(ENVIRONMENT);
    return variable != null && !variable.isBlank() ? variable.strip() : null;
  }

  /** Starts {@code binary} in front of {@code servers} and waits until it accepts connections. */
  static Nutcracker start(Path binary, List<InetSocketAddress> servers) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      try {
        return launch(binary, servers, freePort(), freePort());
      } catch (IllegalStateException e) {
        // Most likely another process took a port between our probe and nutcracker's bind: try others.
        last = e;
      }
    }
    throw last;
  }

  /**
   * The configuration of the pool. Why these values:
   *
   * <ul>
   * <li>{@code distribution: ketama} with {@code hash: md5}: libketama's ring, the one spymemcached's
   * {@code KETAMA_HASH} builds for row (b). Not twemproxy's default {@code fnv1a_64}: twemproxy keeps only
   * its low 32 bits, where FNV's multiplier is 0x1b3, so keys that differ in their last characters (the
   * demo's {@code g:k1}, {@code g:k2}, ...) land next to each other on the ring and on few servers.
   * <li>Servers named {@code node0}... : the ring is built from the names, not the ports, so it is the same
   * in every run (twemproxy's notes/recommendation.md, "node names for consistent hashing").
   * <li>{@code auto_eject_hosts: true}, {@code server_failure_limit: 1}, {@code server_retry_timeout: 2000}:
   * the settings of the memcached pool ({@code delta}) in twemproxy's own example conf/nutcracker.yml, and
   * the only way twemproxy survives a dead server at all (without ejection every request for its keys fails
   * until it returns). One failure ejects it, so a dead server costs one failed request rather than one per
   * request; 2 s later it is tried again, so a returning server is used again within seconds. Its
   * recommendation.md suggests 30000 ms / 3 against transient failures: slower to eject and to take back,
   * the same kind of damage.
   * <li>{@code timeout: 500}: the op timeout every strategy of the demo has; twemproxy's default is to wait
   * forever.
   * </ul>
   */
  static String config(int port, List<InetSocketAddress> servers) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("# Generated by the mcjcache demo (Nutcracker.java says why each value).\n")
        .append(POOL).append(":\n")
        .append("  listen: ").append(LOOPBACK.getHostAddress()).append(':').append(port).append('\n')
        .append("  hash: md5\n")
        .append("  distribution: ketama\n")
        .append("  timeout: ").append(NodeClient.OP_TIMEOUT.toMillis()).append('\n')
        .append("  auto_eject_hosts: true\n")
        .append("  server_failure_limit: ").append(FAILURE_LIMIT).append('\n')
        .append("  server_retry_timeout: ").append(RETRY_TIMEOUT.toMillis()).append('\n')
        .append("  servers:\n");
    for (int node = 0; node < servers.size(); node++) {
      InetSocketAddress server = servers.get(node);
      yaml.append("   - ").append(server.getAddress().getHostAddress()).append(':').append(server.getPort())
          .append(":1 ").append(name(node)).append('\n');
    }
    return yaml.toString();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, port);
  }

  /**
   * Whether twemproxy serves {@code node}'s keys from it: not ejected within the retry timeout, and it has
   * answered since its last ejection, as the stats say ({@link EjectionWatch} says why both).
   */
  boolean serves(int node) {
    return watch.serves(stats(), node, TimeUnit.MILLISECONDS.toMicros(System.currentTimeMillis()));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      watchdog.destroyForcibly();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it kills the process again, which is harmless.
      }
      deleteDirectory(directory);
    }
  }

  private static Nutcracker launch(Path binary, List<InetSocketAddress> servers, int port, int statsPort) {
    Path directory;
    Process process;
    try {
      directory = Files.createTempDirectory("mcjcache-twemproxy-");
      Path config = Files.writeString(directory.resolve("nutcracker.yml"), config(port, servers));
      process = new ProcessBuilder(binary.toString(), "-c", config.toString(), "-s", Integer.toString(statsPort),
          "-a", LOOPBACK.getHostAddress(), "-i", Long.toString(STATS_INTERVAL.toMillis()),
          "-o", directory.resolve("nutcracker.log").toString())
          .redirectErrorStream(true).redirectOutput(directory.resolve("output.txt").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    Thread reaper = new Thread(process::destroyForcibly, "twemproxy-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    Process watchdog = null;
    try {
      watchdog = watchdog(process.pid());
      awaitReady(process, directory, port, statsPort);
      return new Nutcracker(process, watchdog, reaper, directory, port, statsPort, servers.size());
    } catch (RuntimeException e) {
      process.destroyForcibly();
      if (watchdog != null) {
        watchdog.destroyForcibly();
      }
      Runtime.getRuntime().removeShutdownHook(reaper);
      deleteDirectory(directory);
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

  /** One stats dump: twemproxy writes its JSON on the stats port and closes the connection. */
  private String stats() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, statsPort), 1000);
      socket.setSoTimeout(1000);
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read twemproxy's stats on port " + statsPort, e);
    }
  }

  /** A shell that SIGKILLs nutcracker once this JVM is gone, even without shutdown hooks. */
  private static Process watchdog(long pid) {
    long jvm = ProcessHandle.current().pid();
    String script = String.format(Locale.ROOT,
        "while kill -0 %d 2>/dev/null && kill -0 %d 2>/dev/null; do sleep 1; done; kill -KILL %d 2>/dev/null",
        jvm, pid, pid);
    try {
      return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the watchdog for nutcracker pid " + pid, e);
    }
  }

  static String name(int node) {
    return "node" + node;
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

  private static void deleteDirectory(Path directory) {
    try (var files = Files.list(directory)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // A leftover file in the temporary directory is harmless.
    }
  }
}
