package io.mcjcache.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the selected side-by-side benchmarks in rounds, once per client thread count, and writes
 * {@link RatioReport}'s tables, which say by themselves whether a difference is real on a noisy machine.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.mcjcache.bench.Suite [--threads 1,2,4] [--rounds 3] [--report FILE] [JMH options]
 * </pre>
 *
 * <ul>
 * <li>{@code --threads LIST}: client thread counts, comma-separated (default {@code 1,2,4}); JMH's
 * own {@code -t} is refused.
 * <li>{@code --rounds N}: how many times every row is measured (default 3). A round runs,
 * for each operation and key pattern, every selected peer's benchmark as a JMH run of its own with one fork
 * ({@code -f 1}; any other {@code -f} is refused), the peers in alternating order: mcjcache, raw
 * spymemcached, Redisson, Caffeine in odd rounds, the reverse in even ones, so that a slow drift of the
 * machine hits both sides of every ratio alike.
 * <li>{@code --report FILE}: where the Markdown goes (default {@code bench/target/performance-tables.md}); it is printed too.
 * </ul>
 *
 * <p>Every other argument is JMH's own (a benchmark regex, {@code -e}, {@code -wi}, {@code -i}, {@code -w},
 * {@code -r}, {@code -p}, {@code -prof} ...); without a regex, the four peers' benchmarks run. Only those
 * four peers' benchmarks are run; others in the jar (e.g. the near cache's) are named and skipped. With
 * {@code -prof gc} the tables show the bytes allocated per call as well. JMH's {@code -o} and {@code -rff}
 * files are rewritten by every run, so they keep only the last one.
 *
 * <p>Per row (peer, operation, parameters, key pattern, threads) the report gives the median of the rounds
 * and their spread, (max - min) / median; per mcjcache row the ratio of the medians to its raw spymemcached
 * floor and to Redisson's JCache, with the range of the per-round ratios; a difference is "within noise"
 * when the two rows' min..max ranges overlap; a goal is met only when every round's ratio reaches it,
 * missed when none does, otherwise undecided (see {@link RoundStatistics}).
 */
public final class Suite {
  private static final String DEFAULT_THREADS = "1,2,4";
  private static final int DEFAULT_ROUNDS = 3;
  private static final String DEFAULT_REPORT = "bench/target/performance-tables.md";
  /** The side-by-side benchmarks; other benchmarks in the jar (e.g. the near cache's) have their own reports. */
  private static final String DEFAULT_INCLUDE =
      "io\\.mcjcache\\.bench\\.(McjcacheBenchmark|RawSpymemcachedBenchmark|CaffeineJCacheBenchmark|RedissonJCacheBenchmark)\\.";
  /** The order of a peer's run within an odd round; even rounds run them the other way round. */
  private static final List<String> PEER_ORDER = List.of(ResultRow.MCJCACHE, ResultRow.RAW_SPYMEMCACHED,
      ResultRow.REDISSON, ResultRow.CAFFEINE);
  private static final String KEYS = "keys";

  private Suite() {}

  public static void main(String[] args) throws RunnerException, IOException {
    List<String> jmhArgs = new ArrayList<>();
    String threads = DEFAULT_THREADS;
    int rounds = DEFAULT_ROUNDS;
    Path report = Path.of(DEFAULT_REPORT);
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = value(args, ++i, "--threads");
        case "--rounds" -> rounds = rounds(value(args, ++i, "--rounds"));
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
    if (jmhOptions.getForkCount().hasValue() && jmhOptions.getForkCount().get() != 1) {
      throw new IllegalArgumentException("every round runs one fork per row: give more rounds with --rounds, not -f");
    }
    Map<Operation, List<String>> plan = plan(jmhOptions);
    List<String> keyPatterns = keyPatterns(jmhOptions);

    List<ResultRow> rows = new ArrayList<>();
    MachineFacts machine = new MachineFacts();
    for (int count : threadCounts(threads)) {
      for (int round = 1; round <= rounds; round++) {
        machine.sampleLoad(count + "t round " + round + ":");
        for (Map.Entry<Operation, List<String>> operation : plan.entrySet()) {
          for (String keys : keyPatterns) {
            for (String benchmark : inRoundOrder(operation.getValue(), round)) {
              rows.addAll(run(jmhOptions, benchmark, count, keys, round));
            }
          }
        }
      }
    }
    machine.sampleLoad("at the end:");
    String tables = "#### Command\n\n```sh\n" + commandLine(args) + "\n```\n\n"
        + rounds + (rounds == 1 ? " round" : " rounds")
        + "; in each, every row ran as a JMH run of its own with one fork, for each operation and key pattern the"
        + " peers in alternating order (odd rounds: mcjcache first; even rounds: mcjcache last). Per row: the median"
        + " of the rounds, (spread) = (max - min) / median. Ratios: the medians' ratio [lowest-highest ratio of one"
        + " round's pair]. \"within noise\": the two rows' min..max ranges overlap. A goal is met when every round's"
        + " ratio reaches it, missed when none does, undecided otherwise (or with fewer than 2 rounds).\n\n"
        + machine.toMarkdown() + new RatioReport(rows).toMarkdown();
    Path parent = report.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(report, tables, StandardCharsets.UTF_8);
    System.out.println();
    System.out.println(tables);
    System.out.println("tables written to " + report.toAbsolutePath());
  }

  /**
   * The selected benchmarks of the four peers, by operation, in {@link #PEER_ORDER}; the selection is JMH's own
   * (the same regexes and excludes as {@code java -jar benchmarks.jar} would apply).
   */
  private static Map<Operation, List<String>> plan(Options jmhOptions) {
    List<String> includes = jmhOptions.getIncludes().isEmpty() ? List.of(DEFAULT_INCLUDE) : jmhOptions.getIncludes();
    SortedSet<BenchmarkListEntry> found = BenchmarkList.defaultList()
        .find(OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), includes,
            jmhOptions.getExcludes());
    Map<Operation, List<String>> plan = new EnumMap<>(Operation.class);
    for (String benchmark : found.stream().map(BenchmarkListEntry::getUsername).distinct().toList()) {
      String peer = ResultRow.peerOf(benchmark);
      if (peer == null) {
        System.out.println("skipped (not one of the side-by-side peers; run it with JMH itself): " + benchmark);
        continue;
      }
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      Operation.of(peer, method).ifPresentOrElse(
          op -> plan.computeIfAbsent(op, unused -> new ArrayList<>()).add(benchmark),
          () -> System.out.println("skipped (not one of the four operations): " + benchmark));
    }
    if (plan.isEmpty()) {
      throw new IllegalArgumentException("no side-by-side benchmark matches " + includes + " without "
          + jmhOptions.getExcludes());
    }
    plan.values().forEach(list -> list.sort(Comparator.comparingInt(b -> PEER_ORDER.indexOf(ResultRow.peerOf(b)))));
    return plan;
  }

  /** {@code -p keys=...} if given, else every key pattern. */
  private static List<String> keyPatterns(Options jmhOptions) {
    List<String> given = jmhOptions.getParameter(KEYS).hasValue()
        ? List.copyOf(jmhOptions.getParameter(KEYS).get())
        : List.of();
    if (given.isEmpty()) {
      return Arrays.stream(KeyPattern.values()).map(Enum::name).toList();
    }
    for (String keys : given) {
      KeyPattern.valueOf(keys);
    }
    return given;
  }

  /** Odd rounds in {@link #PEER_ORDER}, even rounds the other way round. */
  static List<String> inRoundOrder(List<String> benchmarks, int round) {
    List<String> order = new ArrayList<>(benchmarks);
    if (round % 2 == 0) {
      Collections.reverse(order);
    }
    return order;
  }

  /** One JMH run of exactly {@code benchmark} (its every parameter combination), one fork. */
  private static List<ResultRow> run(Options jmhOptions, String benchmark, int threads, String keys, int round)
      throws RunnerException {
    // JMH adds a parent's include regexes to the child's; the exclude leaves nothing but this one benchmark.
    String exactly = Pattern.quote(benchmark);
    Options options = new OptionsBuilder().parent(jmhOptions)
        .include("^" + exactly + "$")
        .exclude("^(?!" + exactly + "$)")
        .threads(threads)
        .forks(1)
        .param(KEYS, keys)
        .build();
    System.out.println("# Suite: round " + round + ", " + threads + "t, keys=" + keys + ": " + benchmark);
    Collection<RunResult> results = new Runner(options).run();
    if (results.isEmpty()) {
      System.out.println("# Suite: no result for " + benchmark + " in round " + round + " (failed?)");
    }
    return results.stream().map(result -> ResultRow.of(result, round)).toList();
  }

  /** This JVM's command line as run (java, its options, the class and the arguments), quoted for a shell. */
  private static String commandLine(String[] args) {
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (info.command().isPresent() && info.arguments().isPresent()) {
      return Stream.concat(Stream.of(info.command().get()), Arrays.stream(info.arguments().get()))
          .map(Suite::quoted).collect(Collectors.joining(" "));
    }
    return Stream.concat(Stream.of("java", "-cp", System.getProperty("java.class.path"), Suite.class.getName()),
        Arrays.stream(args)).map(Suite::quoted).collect(Collectors.joining(" "));
  }

  private static String quoted(String arg) {
    return arg.matches("[A-Za-z0-9_./=:,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index];
  }

  private static int rounds(String value) {
    try {
      int rounds = Integer.parseInt(value.strip());
      if (rounds < 1) {
        throw new IllegalArgumentException("--rounds needs a positive count, got '" + value + "'");
      }
      return rounds;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rounds needs a count, got '" + value + "'", e);
    }
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
