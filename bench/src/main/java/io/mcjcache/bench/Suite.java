package io.mcjcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the selected benchmarks once per client thread count and writes {@link RatioReport}'s tables.
 * JMH runs one thread count per run, so this loops over them; every other argument is JMH's own
 * (a benchmark regex, {@code -wi}, {@code -i}, {@code -w}, {@code -r}, {@code -f}, {@code -p}, {@code -prof} ...).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.mcjcache.bench.Suite [--threads 1,2,4] [--report FILE] [JMH options]
 * </pre>
 */
public final class Suite {
  private static final String DEFAULT_THREADS = "1,2,4";
  private static final String DEFAULT_REPORT = "bench/target/performance-tables.md";
  /** The side-by-side benchmarks; other benchmarks in the jar (e.g. the near cache's) have their own reports. */
  private static final String DEFAULT_INCLUDE =
      "io\\.mcjcache\\.bench\\.(McjcacheBenchmark|RawSpymemcachedBenchmark|CaffeineJCacheBenchmark|RedissonJCacheBenchmark)\\.";

  private Suite() {}

  public static void main(String[] args) throws RunnerException, IOException {
    List<String> jmhArgs = new ArrayList<>();
    String threads = DEFAULT_THREADS;
    Path report = Path.of(DEFAULT_REPORT);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = value(args, ++i, "--threads");
        case "--report" -> report = Path.of(value(args, ++i, "--report"));
        default -> jmhArgs.add(args[i]);
      }
    }
    CommandLineOptions jmhOptions;
    try {
      jmhOptions = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    } catch (CommandLineOptionException e) {
      throw new IllegalArgumentException("bad JMH option: " + e.getMessage(), e);
    }
    if (jmhOptions.getThreads().hasValue()) {
      throw new IllegalArgumentException("give thread counts with --threads (e.g. --threads 1,4), not JMH's -t");
    }
    List<ResultRow> rows = new ArrayList<>();
    MachineFacts machine = new MachineFacts();
    for (int count : threadCounts(threads)) {
      machine.sampleLoad("before " + count + "t:");
      OptionsBuilder options = new OptionsBuilder();
      options.parent(jmhOptions).threads(count);
      if (jmhOptions.getIncludes().isEmpty()) {
        options.include(DEFAULT_INCLUDE);
      }
      for (RunResult result : new Runner(options.build()).run()) {
        if (ResultRow.isKnown(result)) {
          rows.add(ResultRow.of(result));
        } else {
          System.out.println("not in the ratio tables (no peer known): " + result.getParams().getBenchmark());
        }
      }
    }
    machine.sampleLoad("at the end:");
    String tables = machine.toMarkdown() + new RatioReport(rows).toMarkdown();
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(report, tables, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(tables);
    System.out.println("tables written to " + report.toAbsolutePath());
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int[] threadCounts(String list) {
    try {
      int[] counts = Arrays.stream(list.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
      if (counts.length == 0 || Arrays.stream(counts).anyMatch(count -> count < 1)) {
        throw new IllegalArgumentException("--threads needs positive counts, got '" + list + "'");
      }
      return counts;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--threads needs a comma-separated list of counts, got '" + list + "'", e);
    }
  }
}
