package io.mcjcache.bench;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away redis-server on a free loopback port, for Redisson's JCache: no persistence (nothing is
 * written to disk, nothing is loaded at start), started by the benchmark and stopped by it. Like the
 * testkit's memcached nodes, each server has a shell watchdog that kills it once the JVM that started
 * it is gone, so a benchmark fork that dies leaves no server behind.
 */
public final class RedisServer implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
  private static final int PORT_ATTEMPTS = 5;

  private final int port;
  private final Process server;
  private final Process watchdog;
  private final Path log;

  private RedisServer(int port, Process server, Process watchdog, Path log) {
    this.port = port;
    this.server = server;
    this.watchdog = watchdog;
    this.log = log;
  }

  /**
   * Starts {@code redis-server} (from the {@code PATH}, or {@code REDIS_SERVER_BIN}) and waits until it
   * answers {@code PING}; another port is tried when a concurrent process took the free one first.
   */
  public static RedisServer start() {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      try {
        return startOn(freePort());
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  public int port() {
    return port;
  }

  /** The address in Redisson's form. */
  public String redisUri() {
    return "redis://" + LOOPBACK.getHostAddress() + ":" + port;
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Idempotent. */
  @Override
  public void close() {
    // The watchdog first: once the server is gone it would signal a pid that may have been reused.
    stop(watchdog);
    stop(server);
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // A leftover log file in the temp directory is harmless.
    }
  }

  private static RedisServer startOn(int port) {
    String binary = System.getenv().getOrDefault("REDIS_SERVER_BIN", "redis-server");
    List<String> command = List.of(binary,
        "--port", Integer.toString(port), "--bind", LOOPBACK.getHostAddress(),
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--protected-mode", "no",
        "--dir", System.getProperty("java.io.tmpdir"), "--loglevel", "warning");
    Path log;
    Process server;
    try {
      log = Files.createTempFile("redis-" + port + "-", ".log");
      server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start " + String.join(" ", command)
          + " (Debian/Ubuntu: apt-get install -y redis-server; or set REDIS_SERVER_BIN)", e);
    }
    try {
      awaitPong(server, port, log);
    } catch (RuntimeException e) {
      stop(server);
      throw e;
    }
    return new RedisServer(port, server, startWatchdog(server.pid()), log);
  }

  private static void awaitPong(Process server, int port, Path log) {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited at start with code "
            + server.exitValue() + ": " + read(log).strip());
      }
      if (answersPing(port)) {
        return;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for redis-server on port " + port, e);
      }
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + READY_TIMEOUT);
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Kills the server once this JVM is gone, even when it dies without running shutdown hooks. */
  private static Process startWatchdog(long serverPid) {
    long jvmPid = ProcessHandle.current().pid();
    String script = "while kill -0 " + jvmPid + " 2>/dev/null && kill -0 " + serverPid
        + " 2>/dev/null; do sleep 1; done; kill -KILL " + serverPid + " 2>/dev/null";
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
      throw new UncheckedIOException("could not start the watchdog for redis-server pid " + serverPid, e);
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
