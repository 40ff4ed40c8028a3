package io.mcjcache.bench.proxy;

import io.mcjcache.proxy.ProxyMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ProxyMain} in a JVM of its own, as it is deployed, started from this JVM's class path (the benchmarks
 * jar holds the proxy), optionally under {@code taskset -c <cpus>} so that it gets the same cores as a pinned
 * twemproxy. Its CPU is the "endpoint process" of the CPU accounting. spymemcached's logger is the one this JVM
 * uses (SLF4J by default), passed on, since ProxyMain would otherwise choose SunLogger.
 */
final class ProxyProcess implements AutoCloseable {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Process process;
  private final Process watchdog;
  private final InetSocketAddress address;
  private final String command;

  private ProxyProcess(Process process, Process watchdog, InetSocketAddress address, String command) {
    this.process = process;
    this.watchdog = watchdog;
    this.address = address;
    this.command = command;
  }

  static ProxyProcess start(String clusterUri, String pin) {
    int port = freePort();
    List<String> command = new ArrayList<>(Twemproxy.pinned(pin));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xms256m", "-Xmx256m", "-Djava.net.preferIPv4Stack=true",
        "-Dnet.spy.log.LoggerImpl=" + System.getProperty("net.spy.log.LoggerImpl"),
        "-cp", System.getProperty("java.class.path"), ProxyMain.class.getName(), clusterUri,
        "--listen", LOOPBACK.getHostAddress() + ":" + port));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start ProxyMain", e);
    }
    Process watchdog = watchdog(process.pid());
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> started = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null;) {
          if (line.startsWith(ProxyMain.STARTED)) {
            return line;
          }
          seen.append(line).append('\n');
        }
      } catch (IOException e) {
        // the process went away
      }
      throw new IllegalStateException("ProxyMain ended before it listened: " + seen);
    });
    try {
      started.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      watchdog.destroyForcibly();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("ProxyMain did not start: " + e.getMessage(), e);
    }
    Thread drain = new Thread(() -> {
      try {
        while (out.readLine() != null) {
          // keep its output pipe from filling up
        }
      } catch (IOException ignored) {
        // it ended
      }
    }, "pb-proxymain-output");
    drain.setDaemon(true);
    drain.start();
    String shown = String.join(" ", command).replace(System.getProperty("java.class.path"), "<benchmarks.jar>");
    return new ProxyProcess(process, watchdog, new InetSocketAddress(LOOPBACK, port), shown);
  }

  InetSocketAddress address() {
    return address;
  }

  long pid() {
    return process.pid();
  }

  String command() {
    return command;
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: ProxyMain's hook closes the server, then the store
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      watchdog.destroyForcibly();
    }
  }

  /** A shell that SIGKILLs process {@code pid} once this JVM is gone, even without shutdown hooks. */
  private static Process watchdog(long pid) {
    String script = String.format(Locale.ROOT,
        "while kill -0 %d 2>/dev/null && kill -0 %d 2>/dev/null; do sleep 1; done; kill -KILL %d 2>/dev/null",
        ProcessHandle.current().pid(), pid, pid);
    try {
      return new ProcessBuilder("sh", "-c", script).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the watchdog for ProxyMain pid " + pid, e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ProxyMain pid %d at %s", process.pid(), address);
  }
}
