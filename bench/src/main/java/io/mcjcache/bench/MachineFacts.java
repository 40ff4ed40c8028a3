package io.mcjcache.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What a reader needs to judge the numbers: the machine, the software versions, and how busy the
 * machine was while the benchmarks ran (the load average before and after each thread count, since
 * benchmarks here share 2 cores with the servers they talk to and with whatever else runs).
 */
final class MachineFacts {
  private final Instant started = Instant.now();
  private final List<String> loadSamples = new ArrayList<>();

  /** Records the 1-minute load average now, labelled (e.g. {@code "before 2 threads"}). */
  void sampleLoad(String label) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    loadSamples.add(label + " " + (load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load)));
  }

  String toMarkdown() {
    Duration took = Duration.between(started, Instant.now());
    return "#### Machine and run\n\n"
        + "- CPUs: " + Runtime.getRuntime().availableProcessors() + " (shared by the client JVM and every server)\n"
        + "- Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n"
        + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
        + "- memcached: " + firstLine("memcached", "-V") + "; redis-server: " + firstLine("redis-server", "--version")
        + "\n"
        + "- started " + started + ", took " + took.toMinutes() + " min " + took.toSecondsPart() + " s\n"
        + "- 1-minute load average: " + String.join(", ", loadSamples) + "\n\n";
  }

  private static String firstLine(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      process.waitFor(5, TimeUnit.SECONDS);
      return output.isEmpty() ? "(no output)" : output.lines().findFirst().orElse("");
    } catch (IOException e) {
      return "(not found: " + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }
}
