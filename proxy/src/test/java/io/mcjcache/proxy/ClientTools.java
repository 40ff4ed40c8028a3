package io.mcjcache.proxy;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The memcached clients written elsewhere that the proxy is proven with ({@code memccapable}, pymemcache),
 * found on this machine and run as child processes. A developer's machine may lack them: the tests are
 * then skipped, naming the Debian package to install. CI sets {@value #REQUIRE} to 1, because there a
 * skipped proof would pass unnoticed; a missing tool then fails the test.
 */
final class ClientTools {
  static final String REQUIRE = "MCJCACHE_REQUIRE_CLIENT_TOOLS";

  /** The interpreter found for pymemcache; looked up once, as each probe starts a Python. */
  private static Optional<String> python;

  private ClientTools() {}

  /** The path of {@code memccapable} (Debian: libmemcached-tools). */
  static String memccapable() {
    Optional<Path> found = onPath("memccapable").stream().findFirst();
    require(found.isPresent(), "memccapable", "libmemcached-tools");
    return found.get().toString();
  }

  /**
   * A Python 3 that can {@code import pymemcache} (Debian: python3-pymemcache). The first {@code python3}
   * on the PATH may not be the system's (pyenv, a virtualenv), so each one there is tried, then
   * {@code /usr/bin/python3}.
   */
  static synchronized String pythonWithPymemcache() {
    if (python == null) {
      Set<String> candidates = new LinkedHashSet<>();
      onPath("python3").forEach(p -> candidates.add(p.toString()));
      candidates.add("/usr/bin/python3");
      python = candidates.stream().filter(ClientTools::importsPymemcache).findFirst();
    }
    require(python.isPresent(), "a python3 that can import pymemcache", "python3-pymemcache");
    return python.get();
  }

  private static boolean importsPymemcache(String interpreter) {
    if (!Files.isExecutable(Path.of(interpreter))) {
      return false;
    }
    try (Child probe = new Child(List.of(interpreter, "-c", "import pymemcache"))) {
      return probe.exitCode(Duration.ofSeconds(30)) == 0;
    }
  }

  private static List<Path> onPath(String name) {
    List<Path> found = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        found.add(candidate);
      }
    }
    return found;
  }

  private static void require(boolean present, String tool, String debianPackage) {
    if (present) {
      return;
    }
    String message = tool + " not found: install the Debian package " + debianPackage;
    if ("1".equals(System.getenv(REQUIRE))) {
      Assertions.fail(message + " (" + REQUIRE + "=1 makes the client tools required)");
    }
    Assumptions.abort(message + " to run this test");
  }

  /**
   * A child process, stdout and stderr together, read line by line as it writes by a thread of its own, so
   * that a test can wait for a line, answer on stdin, and show the whole output when something fails.
   */
  static final class Child implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile boolean ended;

    Child(List<String> command) {
      this.command = List.copyOf(command);
      try {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + command, e);
      }
      reader = new Thread(this::read, "child-output " + command.get(0));
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try (BufferedReader in = process.inputReader(UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          output.append(line).append('\n');
          lines.add(line);
        }
      } catch (IOException e) {
        output.append("(output cut: ").append(e).append(")\n");
      } finally {
        ended = true;
      }
    }

    /** Waits for a line equal to {@code expected}; fails, with the output so far, on exit or timeout. */
    void awaitLine(String expected, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        String line = lines.poll(50, TimeUnit.MILLISECONDS);
        if (expected.equals(line)) {
          return;
        }
        if (line == null && ended && lines.isEmpty()) {
          Assertions.fail(describe("ended before printing '" + expected + "'"));
        }
      }
      Assertions.fail(describe("printed no '" + expected + "' within " + timeout));
    }

    /** Writes {@code line} and a newline to the child's stdin. */
    void send(String line) throws IOException {
      Writer in = process.outputWriter(UTF_8);
      in.write(line + "\n");
      in.flush();
    }

    /** The exit status, once the child ended and its output is read; fails with the output on timeout. */
    int exitCode(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          Assertions.fail(describe("did not end within " + timeout));
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + command, e);
      }
      return process.exitValue();
    }

    /** Everything it wrote so far. */
    String output() {
      return output.toString();
    }

    /** The command and its output, for a failure message. */
    String describe(String what) {
      return String.join(" ", command) + " " + what + "; its output:\n" + output;
    }

    @Override
    public void close() {
      if (process.isAlive()) {
        process.destroyForcibly();
      }
    }
  }
}
