package io.mcjcache.bench;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One measured row of one round: which peer ran which operation under which workload, and how fast (and,
 * with {@code -prof gc}, how much it allocated). Throughput is in calls per second, whatever a call carries
 * (a {@code getAll} of 100 keys is one call).
 *
 * @param peer {@code mcjcache}, {@code raw spymemcached}, {@code Caffeine JCache} or {@code Redisson JCache}
 * @param operation the benchmark method ({@code get}, {@code put}, {@code getAll}, {@code putAll};
 *     for raw spymemcached {@code get}, {@code set}, {@code getBulk}, {@code setBatch})
 * @param variant the peer's own JMH parameters by name, e.g. {@code mirror=none}; empty if it has none
 * @param pattern key pattern, {@code UNIFORM} or {@code ZIPF}
 * @param threads client threads
 * @param round which of {@link Suite}'s rounds measured it (1, 2, ...); each round is one fork
 * @param opsPerSecond mean over the fork's measurement iterations
 * @param bytesPerOperation bytes allocated per call (JMH's {@code -prof gc}, {@code gc.alloc.rate.norm}); NaN
 *     when the run was not profiled
 */
public record ResultRow(String peer, String operation, SortedMap<String, String> variant, KeyPattern pattern,
    int threads, int round, double opsPerSecond, double bytesPerOperation) {

  static final String MCJCACHE = "mcjcache";
  static final String RAW_SPYMEMCACHED = "raw spymemcached";
  static final String CAFFEINE = "Caffeine JCache";
  static final String REDISSON = "Redisson JCache";
  /** The secondary result of JMH's GC profiler ({@code -prof gc}) with the bytes allocated per call. */
  static final String ALLOCATION = "gc.alloc.rate.norm";

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
    return isKnown(result.getParams().getBenchmark());
  }

  /** True when {@code benchmark} (a full name, {@code io.mcjcache.bench.McjcacheBenchmark.get}) is a peer's. */
  public static boolean isKnown(String benchmark) {
    return PEERS.containsKey(className(benchmark));
  }

  /** The peer whose benchmark {@code benchmark} (a full name) is; null for a benchmark of no known peer. */
  static String peerOf(String benchmark) {
    return PEERS.get(className(benchmark));
  }

  private static String className(String benchmark) {
    int lastDot = benchmark.lastIndexOf('.');
    return benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
  }

  /** The row of one JMH result measured in {@code round}; refuses results of benchmarks this suite does not know. */
  public static ResultRow of(RunResult result, int round) {
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
    Result<?> allocation = result.getSecondaryResults().get(ALLOCATION);
    return new ResultRow(peer, benchmark.substring(lastDot + 1), variant, pattern, params.getThreads(), round,
        result.getPrimaryResult().getScore(), allocation == null ? Double.NaN : allocation.getScore());
  }
}
