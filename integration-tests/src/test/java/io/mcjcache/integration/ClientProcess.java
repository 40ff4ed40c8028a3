package io.mcjcache.integration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client program (a class with a {@code main}, e.g. {@code atomic.CounterClient} or
 * {@code liveness.KeyMixClient}) running in a child JVM of its own, on this JVM's class path: a real
 * second process, with its own mcjcache manager. A reader thread drains its output (stdout and stderr
 * together) into a list of lines, so the pipe never fills and blocks it; the test waits on those lines and
 * on the process's exit, always with a deadline. {@link #close()} destroys the process if it still runs.
 * Lines that start with {@value #PROGRESS} are progress reports, left out of {@link #output()}.
 */
public final class ClientProcess implements AutoCloseable {
  /** The prefix of a client's progress lines, which failure messages leave out. */
  public static final String PROGRESS = "progress ";

  /** System properties the child inherits from this JVM when set: logging quiet, IPv4 as here. */
  private static final List<String> INHERITED_PROPERTIES = List.of(
      "java.net.preferIPv4Stack", "net.spy.log.LoggerImpl", "java.util.logging.config.file");

  private final String name;
  private final Process process;
  private final Thread reader;
  private final List<String> lines = new ArrayList<>();
  private boolean outputEnded;

  private ClientProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.reader = new Thread(this::drain, name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code java -cp <this class path> <main> args...}. */
  public static ClientProcess start(String name, Class<?> main, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Small and quick to start: these JVMs run short client programs, on a 2-core machine.
    command.addAll(List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    for (String property : INHERITED_PROPERTIES) {
      String value = System.getProperty(property);
      if (value != null) {
        command.add("-D" + property + "=" + value);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    try {
      return new ClientProcess(name, new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name + ": " + command, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /** Writes one line to the client's stdin. */
  public void send(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " did not take '" + line + "'; its output: " + output(), e);
    }
  }

  /**
   * Waits until the client has printed a line matching {@code condition} and returns the last such line,
   * failing if its output ends first (it exited) or the deadline passes.
   */
  public String awaitLine(String what, Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        Optional<String> found = lastMatching(condition);
        if (found.isPresent()) {
          return found.get();
        }
        if (outputEnded) {
          throw new AssertionError(name + " ended its output before " + what + "; it printed: " + output());
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              name + " did not reach " + what + " within " + timeout + "; it printed: " + output());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, left);
      }
    }
  }

  /** The last line matching {@code condition} so far, if any. */
  public Optional<String> lastLine(Predicate<String> condition) {
    synchronized (lines) {
      return lastMatching(condition);
    }
  }

  /** Waits for the process to exit and its output to be read to the end; returns its exit status. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; it printed: " + output());
    }
    reader.join(5_000); // the rest of its output, already in the pipe
    return process.exitValue();
  }

  /** Everything the client printed so far, one line after another. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /** The client's output for failure messages: every line but the progress reports. */
  public String output() {
    List<String> shown = lines().stream().filter(l -> !l.startsWith(PROGRESS)).toList();
    return shown.isEmpty() ? "(nothing)" : String.join(" | ", shown);
  }

  /** Asks the process to stop (SIGTERM), as a service manager would; {@link #close()} kills it. */
  public void terminate() {
    process.destroy();
  }

  /** Kills the process (SIGKILL) and waits for it to go. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  private Optional<String> lastMatching(Predicate<String> condition) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (condition.test(lines.get(i))) {
        return Optional.of(lines.get(i));
      }
    }
    return Optional.empty();
  }

  private void drain() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // The process was destroyed: its output simply ends.
    } finally {
      synchronized (lines) {
        outputEnded = true;
        lines.notifyAll();
      }
    }
  }
}
