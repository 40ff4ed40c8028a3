package io.mcjcache.bench;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One measured row: which peer ran which operation under which workload, and how fast. Throughput is
 * in calls per second, whatever a call carries (a {@code getAll} of 100 keys is one call).
 *
 * @param peer {@code mcjcache}, {@code raw spymemcached}, {@code Caffeine JCache} or {@code Redisson JCache}
 * @param operation the benchmark method ({@code get}, {@code put}, {@code getAll}, {@code putAll};
 *     for raw spymemcached {@code get}, {@code set}, {@code getBulk}, {@code setBatch})
 * @param variant the peer's own JMH parameters by name, e.g. {@code mirror=none}; empty if it has none
 * @param pattern key pattern, {@code UNIFORM} or {@code ZIPF}
 * @param threads client threads
 * @param opsPerSecond mean over the measurement iterations
 * @param error half-width of JMH's 99.9% confidence interval (NaN with fewer than 2 iterations)
 * @param minOpsPerSecond slowest measurement iteration
 * @param maxOpsPerSecond fastest measurement iteration
 */
public record ResultRow(String peer, String operation, SortedMap<String, String> variant, KeyPattern pattern,
    int threads,
    double opsPerSecond, double error, double minOpsPerSecond, double maxOpsPerSecond) {

  static final String MCJCACHE = "mcjcache";
  static final String RAW_SPYMEMCACHED = "raw spymemcached";
  static final String CAFFEINE = "Caffeine JCache";
  static final String REDISSON = "Redisson JCache";

  private static final Map<String, String> PEERS = Map.of(
      McjcacheBenchmark.class.getSimpleName(), MCJCACHE,
      RawSpymemcachedBenchmark.class.getSimpleName(), RAW_SPYMEMCACHED,
      CaffeineJCacheBenchmark.class.getSimpleName(), CAFFEINE,
      RedissonJCacheBenchmark.class.getSimpleName(), REDISSON);

  public ResultRow {
    variant = Collections.unmodifiableSortedMap(new TreeMap<>(variant));
  }

  /** True when {@link #of} can make a row of this result: its benchmark class is one of the four peers. */
  public static boolean isKnown(RunResult result) {
    return PEERS.containsKey(className(result.getParams().getBenchmark()));
  }

  private static String className(String benchmark) {
    int lastDot = benchmark.lastIndexOf('.');
    return benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
  }

  /** The row of one JMH result; refuses results of benchmarks this suite does not know. */
  public static ResultRow of(RunResult result) {
    BenchmarkParams params = result.getParams();
    String benchmark = params.getBenchmark();
    int lastDot = benchmark.lastIndexOf('.');
    String peer = PEERS.get(className(benchmark));
    if (peer == null) {
      throw new IllegalArgumentException("no peer is known for benchmark " + benchmark);
    }
    SortedMap<String, String> variant = new TreeMap<>();
    KeyPattern pattern = null;
    for (String key : params.getParamsKeys()) {
      if (key.equals("keys")) {
        pattern = KeyPattern.valueOf(params.getParam(key));
      } else {
        variant.put(key, params.getParam(key));
      }
    }
    if (pattern == null) {
      throw new IllegalArgumentException("benchmark " + benchmark + " has no 'keys' parameter");
    }
    Result<?> primary = result.getPrimaryResult();
    Statistics statistics = primary.getStatistics();
    return new ResultRow(peer, benchmark.substring(lastDot + 1), variant, pattern,
        params.getThreads(), primary.getScore(), primary.getScoreError(), statistics.getMin(), statistics.getMax());
  }

  /** The fastest iteration over the slowest, minus one: how far apart the iterations of this row were. */
  public double spread() {
    return minOpsPerSecond > 0 ? maxOpsPerSecond / minOpsPerSecond - 1 : Double.NaN;
  }

  /** The peer's parameters as {@code name=value ...}, for a table cell. */
  public String variantText() {
    return variant.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }

  /** True for mcjcache rows with the near cache off: the rows the goals are about. */
  public boolean isMcjcacheWithoutNearCache() {
    return peer.equals(MCJCACHE) && "0".equals(variant.get("nearCacheMaxEntries"));
  }
}
