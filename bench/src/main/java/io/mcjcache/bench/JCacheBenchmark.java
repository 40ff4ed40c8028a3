package io.mcjcache.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The four JCache calls every JCache peer is measured on, through nothing but {@code javax.cache}: a
 * {@code Cache<String, byte[]>} with the default {@link MutableConfiguration} (store-by-value, no
 * expiry, no listeners, statistics off), loaded with every key before it is measured. A subclass says
 * how its provider's cache is opened and closed; the calls and the data are the same for all.
 *
 * <p>Not final: JMH generates a subclass of each benchmark class and runs the inherited methods once per
 * concrete subclass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {ForkSettings.HEAP_MIN, ForkSettings.HEAP_MAX, ForkSettings.IPV4,
    ForkSettings.SPY_LOGGER, ForkSettings.QUIET_LOGGING})
public abstract class JCacheBenchmark {
  static final String CACHE_NAME = "bench";

  private Cache<String, byte[]> cache;

  /** Opens the cache under test, creating it with {@code configuration} on a fresh server or cluster. */
  protected abstract Cache<String, byte[]> open(MutableConfiguration<String, byte[]> configuration);

  /** Stops whatever {@link #open} started (servers included); called once, also after a failed open. */
  protected abstract void close();

  /** The peer's name in error messages. */
  protected abstract String peer();

  @Setup(Level.Trial)
  public void setUp() {
    cache = open(new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
    Preload.run(peer(), new Dataset(), cache::putAll, cache::getAll);
    afterPreload();
  }

  /** Runs once the data is in, before measuring: a peer may set up a fault here. */
  protected void afterPreload() {}

  @TearDown(Level.Trial)
  public void tearDown() {
    close();
  }

  @Benchmark
  public byte[] get(Workload workload) {
    return cache.get(workload.nextKey());
  }

  @Benchmark
  public void put(Workload workload) {
    cache.put(workload.nextKey(), workload.value());
  }

  @Benchmark
  public Map<String, byte[]> getAll(Workload workload) {
    return cache.getAll(workload.nextBatch());
  }

  @Benchmark
  public void putAll(Workload workload) {
    cache.putAll(workload.nextEntries());
  }

  /**
   * The provider by its class name: with three JCache providers on one class path,
   * {@code Caching.getCachingProvider()} would refuse to choose.
   */
  static CachingProvider provider(String className) {
    try {
      return Caching.getCachingProvider(className);
    } catch (CacheException e) {
      throw new IllegalStateException("the JCache provider " + className
          + " is not on this build's class path: " + e.getMessage(), e);
    }
  }
}
