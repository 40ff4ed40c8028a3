package io.mcjcache.bench.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The cross-check with load generators nobody here wrote, from libmemcached-tools:
 *
 * <ul>
 * <li>{@code memcaslap} (memaslap): its default mix (90% get, 10% set; it gets only keys it has set), fixed
 * {@code -X} value bytes, for a time. Its keys begin with 8 bytes 0x10, which memcached and twemproxy take
 * but the mcjcache proxy refuses ({@code CLIENT_ERROR bad command line format}: the proxy wants key bytes
 * above 0x20): such a run is reported as refused, never as a throughput.
 * <li>{@code memcslap} (libmemcached's memslap): {@code -c} blocking threads, each its own connections, a
 * {@code get} and a {@code set} test of a number of operations per thread; printable keys, values of random
 * length (up to a few KB, unlike the bench's fixed ones). Works against every endpoint.
 * </ul>
 */
final class OutsideTools {
  static final String MEMCASLAP_PROPERTY = "mcjcache.memcaslap";
  static final String MEMCSLAP_PROPERTY = "mcjcache.memcslap";
  private static final Pattern MEMCSLAP_LINE =
      Pattern.compile("Time to (get|set)\\s+(\\d+) keys by\\s+(\\d+) threads:\\s+([\\d.]+) seconds");

  /** One run; {@code failure} instead of figures when it did not run, or was refused, or was not understood. */
  record Run(String tool, String endpoint, String operation, String command, double opsPerSecond, String details,
      String failure) {}

  private OutsideTools() {}

  static Optional<Path> memcaslap() {
    return find(MEMCASLAP_PROPERTY, "memcaslap", "memaslap");
  }

  static Optional<Path> memcslap() {
    return find(MEMCSLAP_PROPERTY, "memcslap", "memslap");
  }

  static Run memcaslap(Path binary, String endpoint, List<InetSocketAddress> servers, int seconds, int threads,
      int concurrency, int valueBytes) {
    List<String> command = List.of(binary.toString(), "-s", servers(servers), "-t", seconds + "s", "-T",
        Integer.toString(threads), "-c", Integer.toString(concurrency), "-X", Integer.toString(valueBytes));
    Output out = run(command, seconds + 60L);
    String tool = "memcaslap";
    String shown = String.join(" ", command);
    if (out.failure != null) {
      return new Run(tool, endpoint, "90% get / 10% set", shown, 0, "", out.failure);
    }
    Matcher refused = Pattern.compile("(CLIENT_ERROR[^\\r\\n]*|SERVER_ERROR[^\\r\\n]*)").matcher(out.text);
    long gets = last(out.text, "cmd_get:\\s*(\\d+)");
    long sets = last(out.text, "cmd_set:\\s*(\\d+)");
    long misses = last(out.text, "get_misses:\\s*(\\d+)");
    if (refused.find()) {
      return new Run(tool, endpoint, "90% get / 10% set", shown, 0, "", "refused: the endpoint answered '"
          + refused.group(1).strip() + "' (memcaslap's keys begin with 8 bytes 0x10); " + gets + " gets were sent");
    }
    long tps = last(out.text, "TPS:\\s*(\\d+)");
    if (tps < 0) {
      return new Run(tool, endpoint, "90% get / 10% set", shown, 0, "", "no TPS in its output: "
          + out.text.strip().lines().reduce((a, b) -> b).orElse("(none)"));
    }
    return new Run(tool, endpoint, "90% get / 10% set", shown, tps,
        String.format(Locale.ROOT, "%,d gets, %,d sets, %,d get misses", gets, sets, misses), null);
  }

  /** One memcslap test ({@code get} or {@code set}) of {@code perThread} operations on each of {@code threads}. */
  static Run memcslap(Path binary, String endpoint, List<InetSocketAddress> servers, String test, int threads,
      int perThread) {
    List<String> command = List.of(binary.toString(), "-s", servers(servers), "-c", Integer.toString(threads), "-e",
        Integer.toString(perThread), "-t", test);
    Output out = run(command, 300);
    String shown = String.join(" ", command);
    if (out.failure != null) {
      return new Run("memcslap", endpoint, test, shown, 0, "", out.failure);
    }
    Matcher m = MEMCSLAP_LINE.matcher(out.text);
    while (m.find()) {
      if (m.group(1).equals(test)) {
        long keys = Long.parseLong(m.group(2));
        double seconds = Double.parseDouble(m.group(4));
        String errors = out.text.lines().filter(l -> l.contains("ERROR") || l.toLowerCase(Locale.ROOT)
            .contains("fail")).findFirst().orElse(null);
        return new Run("memcslap", endpoint, test, shown, seconds > 0 ? keys / seconds : 0,
            String.format(Locale.ROOT, "%,d ops in %.2f s", keys, seconds),
            errors == null ? null : "errors in its output: " + errors.strip());
      }
    }
    return new Run("memcslap", endpoint, test, shown, 0, "", "no timing line in its output: "
        + out.text.strip().lines().reduce((a, b) -> b).orElse("(none)"));
  }

  private record Output(String text, String failure) {}

  private static Output run(List<String> command, long timeoutSeconds) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[][] output = new byte[1][];
      Thread reader = new Thread(() -> {
        try {
          output[0] = process.getInputStream().readAllBytes();
        } catch (IOException e) {
          output[0] = new byte[0];
        }
      });
      reader.setDaemon(true);
      reader.start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Output("", "did not end within " + timeoutSeconds + " s");
      }
      reader.join(5_000);
      return new Output(new String(output[0] == null ? new byte[0] : output[0], StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      return new Output("", "could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Output("", "interrupted");
    }
  }

  private static String servers(List<InetSocketAddress> servers) {
    return servers.stream().map(a -> a.getAddress().getHostAddress() + ":" + a.getPort())
        .collect(Collectors.joining(","));
  }

  /** The last match of {@code regex}'s group (the totals come after any periodic lines), or -1. */
  private static long last(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    long value = -1;
    while (m.find()) {
      value = Long.parseLong(m.group(1));
    }
    return value;
  }

  private static Optional<Path> find(String property, String... names) {
    String named = System.getProperty(property);
    if (named != null && !named.isBlank()) {
      Path path = Path.of(named.strip());
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    List<String> directories = new ArrayList<>();
    String pathVariable = System.getenv("PATH");
    if (pathVariable != null) {
      directories.addAll(List.of(pathVariable.split(java.io.File.pathSeparator)));
    }
    directories.add("/usr/bin");
    directories.add("/usr/local/bin");
    for (String name : names) {
      for (String directory : directories) {
        Path path = Path.of(directory, name);
        if (!directory.isBlank() && Files.isRegularFile(path) && Files.isExecutable(path)) {
          return Optional.of(path);
        }
      }
    }
    return Optional.empty();
  }
}
