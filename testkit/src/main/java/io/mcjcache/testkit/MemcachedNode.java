package io.mcjcache.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * One real memcached process on a loopback port, with the faults a cluster suffers in production:
 * {@link #kill()} (SIGKILL, data lost), {@link #pause()}/{@link #resume()} (SIGSTOP/SIGCONT: the node
 * hangs with its data), {@link #restart()} (same port, empty).
 *
 * <p>Each process is paired with a tiny shell watchdog that SIGKILLs it once this JVM is gone, so that
 * even a JVM killed without running shutdown hooks (a surefire fork timeout, say) leaves nothing behind.
 */
public final class MemcachedNode implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 8;

  private final int index;
  private final Path binary;
  private final NodeOptions options;
  private int port;
  private Process process;
  private Process watchdog;
  private boolean paused;
  private Path log;

  MemcachedNode(int index, Path binary, NodeOptions options) {
    this.index = index;
    this.binary = binary;
    this.options = options;
  }

  /** Starts on a free port, retrying with another when a concurrent test took the port first. */
  synchronized void startOnFreePort() {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        startOn(freePort());
        return;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts on {@code port}; an {@link IllegalStateException} when the process cannot have it (it exits, or
   * another memcached answers there).
   */
  synchronized void startOn(int port) {
    this.port = port;
    launch();
  }

  /** How this node was started (and is restarted). */
  NodeOptions options() {
    return options;
  }

  /** Position of this node in its cluster's server list (the node index of the routing contract). */
  public int index() {
    return index;
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(LOOPBACK, port);
  }

  /** {@code host:port} as a memcached server list entry. */
  public String hostAndPort() {
    return LOOPBACK.getHostAddress() + ":" + port;
  }

  /** Operating-system pid of the current process; changes on {@link #restart()}. */
  public synchronized long pid() {
    requireStarted();
    return process.pid();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized boolean isPaused() {
    return paused && isRunning();
  }

  /** SIGKILL: the process dies at once and its data is lost; the port refuses connections. */
  public synchronized void kill() {
    requireStarted();
    terminate();
  }

  /**
   * SIGSTOP: the process keeps its sockets and data but answers nothing, like a hung server. Returns once
   * every thread of the process is stopped: {@code kill} returns when the signal is queued, and a thread
   * the scheduler has not run since could still answer a request sent right after.
   */
  public synchronized void pause() {
    requireRunning();
    signal("STOP");
    paused = true;
    awaitStopped();
  }

  /** SIGCONT: a paused node answers again, with the data it had (and any requests queued meanwhile). */
  public synchronized void resume() {
    requireRunning();
    signal("CONT");
    paused = false;
  }

  /** Kills the process if it runs and starts an empty one on the same port. */
  public synchronized void restart() {
    if (isRunning()) {
      terminate();
    }
    launch();
  }

  /** Stops the process (SIGKILL: memcached keeps nothing worth a graceful shutdown). Idempotent. */
  public synchronized void stop() {
    if (process != null) {
      terminate();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * The server's {@code stats} as name to value, read on a fresh connection with a short timeout so
   * that asking a paused node fails instead of hanging.
   */
  public Map<String, String> stats() {
    return stats("");
  }

  /** {@code stats <group>} (e.g. {@code "settings"}, {@code "items"}), as name to value. */
  public Map<String, String> stats(String group) {
    List<String> lines = command(group.isEmpty() ? "stats" : "stats " + group, Duration.ofSeconds(2));
    Map<String, String> stats = new LinkedHashMap<>();
    for (String line : lines) {
      String[] parts = line.split(" ", 3);
      if (parts.length == 3 && parts[0].equals("STAT")) {
        stats.put(parts[1], parts[2]);
      }
    }
    return stats;
  }

  /** Number of items the server holds right now ({@code curr_items}). */
  public long itemCount() {
    return Long.parseLong(stats().get("curr_items"));
  }

  @Override
  public String toString() {
    return "memcached#" + index + "@" + hostAndPort() + (isRunning() ? (paused ? " (paused)" : "") : " (down)");
  }

  private void launch() {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "-l", LOOPBACK.getHostAddress(), "-p", Integer.toString(port), "-U", "0",
        "-m", Integer.toString(options.memoryMb()), "-I", Integer.toString(options.itemSizeLimitBytes()),
        "-t", Integer.toString(options.threads()), "-c", "1024",
        // memcached refuses to start as root unless told which user to run as; ignored otherwise.
        "-u", System.getProperty("user.name", "root")));
    if (options.itemSizeLimitBytes() < 1 << 20) {
      // memcached 1.6 refuses an -I below its slab chunk size (512 KiB) unless that shrinks too.
      cmd.addAll(List.of("-o", "slab_chunk_max=" + options.itemSizeLimitBytes() / 2));
    }
    if (options.tls() != null) {
      cmd.addAll(options.tls().serverArgs());
    }
    if (options.auth() != null) {
      cmd.addAll(options.auth().serverArgs());
    }
    cmd.addAll(options.extraArgs());
    Process started;
    try {
      log = Files.createTempFile("memcached-" + port + "-", ".log");
      started = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + String.join(" ", cmd), e);
    }
    ProcessReaper.register(started);
    process = started;
    paused = false;
    try {
      awaitReady(started);
    } catch (RuntimeException e) {
      terminate();
      throw e;
    }
    watchdog = startWatchdog(started.pid());
  }

  private void awaitReady(Process started) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!started.isAlive()) {
        throw new IllegalStateException("memcached on port " + port + " exited at start with code "
            + started.exitValue() + ": " + logText().strip() + " (options " + options + ")");
      }
      try {
        String answeringPid = readyPid();
        if (answeringPid != null) {
          if (answeringPid.equals(Long.toString(started.pid()))) {
            return;
          }
          // Another memcached holds the port, and ours is failing to bind it: never take that one for ours.
          throw new IllegalStateException("port " + port + " is answered by another memcached (pid "
              + answeringPid + "), not by the one started (pid " + started.pid() + ")");
        }
      } catch (UncheckedIOException notYet) {
        // Not listening yet: memcached takes a few milliseconds to bind.
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for memcached on port " + port, e);
      }
    }
    throw new IllegalStateException("memcached on port " + port + " did not answer within " + READY_TIMEOUT);
  }

  /** The pid in the {@code stats} of whatever answers on the port, or null when nothing complete came back. */
  private String readyPid() {
    for (String line : command("stats", Duration.ofMillis(500))) {
      if (line.startsWith("STAT pid ")) {
        return line.substring("STAT pid ".length()).strip();
      }
    }
    return null;
  }

  private Process startWatchdog(long memcachedPid) {
    long jvmPid = ProcessHandle.current().pid();
    String script = "while kill -0 " + jvmPid + " 2>/dev/null && kill -0 " + memcachedPid
        + " 2>/dev/null; do sleep 1; done; kill -KILL " + memcachedPid + " 2>/dev/null";
    try {
      Process dog = new ProcessBuilder("sh", "-c", script)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      ProcessReaper.register(dog);
      return dog;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the watchdog for memcached pid " + memcachedPid, e);
    }
  }

  private String logText() {
    try {
      return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  private void terminate() {
    Process victim = process;
    victim.destroyForcibly();
    awaitExit(victim);
    ProcessReaper.unregister(victim);
    if (watchdog != null) {
      watchdog.destroyForcibly();
      awaitExit(watchdog);
      ProcessReaper.unregister(watchdog);
      watchdog = null;
    }
    paused = false;
    if (log != null) {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // A leftover log file in the temp directory is harmless.
      }
      log = null;
    }
  }

  private static void awaitExit(Process p) {
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process " + p.pid() + " did not exit after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for process " + p.pid() + " to exit", e);
    }
  }

  private void signal(String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .redirectErrorStream(true).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run kill -" + name, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sending SIG" + name, e);
    }
  }

  /**
   * Sends one text-protocol command and collects the reply lines up to END/VERSION/ERROR; over TLS and
   * after authenticating when the node was started so.
   */
  private List<String> command(String command, Duration timeout) {
    try (Socket plain = new Socket()) {
      plain.connect(address(), (int) timeout.toMillis());
      plain.setSoTimeout((int) timeout.toMillis());
      Socket socket = plain;
      if (options.tls() != null) {
        SSLSocket tls = (SSLSocket) options.tls().clientContext().getSocketFactory()
            .createSocket(plain, address().getHostString(), port, true);
        tls.startHandshake();
        socket = tls;
      }
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      if (options.auth() != null) {
        out.write(options.auth().request().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String answer = in.readLine();
        if (!"STORED".equals(answer)) {
          throw new IOException("authentication as " + options.auth().user() + " answered " + answer);
        }
      }
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      List<String> lines = new ArrayList<>();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
        if (line.equals("END") || line.startsWith("VERSION") || line.endsWith("ERROR")
            || line.startsWith("SERVER_ERROR")) {
          break;
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("memcached#" + index + " at " + hostAndPort() + ": '" + command + "' failed", e);
    }
  }

  private void requireStarted() {
    if (process == null) {
      throw new IllegalStateException(this + " was never started");
    }
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException(this + " is not running");
    }
  }

  /**
   * Waits until every thread of the process shows the state "stopped" in {@code /proc} (Linux; elsewhere
   * there is nothing to read and it returns at once), for up to 5 s.
   */
  private void awaitStopped() {
    Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
    if (!Files.isDirectory(tasks)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!allStopped(tasks)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(this + ": not every thread stopped within 5 s of SIGSTOP");
      }
      Thread.onSpinWait();
    }
  }

  /** Whether each thread's state, the field after the parenthesized name in its {@code stat}, is T. */
  private static boolean allStopped(Path tasks) {
    try (var threads = Files.list(tasks)) {
      for (Path thread : (Iterable<Path>) threads::iterator) {
        String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
        int afterName = stat.lastIndexOf(')') + 2;
        if (afterName < 2 || afterName >= stat.length() || stat.charAt(afterName) != 'T') {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // a thread that ended while listed: look again
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
