package io.mcjcache.bench.near;

import com.github.benmanes.caffeine.jcache.configuration.CaffeineConfiguration;
import io.mcjcache.MemcachedCache;
import io.mcjcache.bench.Dataset;
import io.mcjcache.bench.KeyPattern;
import io.mcjcache.near.NearCacheCounts;
import io.mcjcache.testkit.MemcachedCluster;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The near cache's benchmark (docs/performance.md, "Near cache"): {@code get} of 1 KB values under a
 * Zipf(0.99) key distribution over 100,000 keys, 2 client threads, on a 4-node memcached cluster, for these
 * readers of the same data:
 * <ul>
 *   <li>{@code NEAR_CACHE_ON}: mcjcache with a near cache of {@code nearCacheMaxEntries} entries and
 *       {@code nearCacheTtlMs} (by default the provider's defaults, 10,000 entries and 1,000 ms);
 *   <li>{@code NEAR_CACHE_ALL_HELD}: mcjcache with a near cache of 100,000 entries and a 10-minute ttl,
 *       every key read once before measuring: every get is a near hit, so this row is the hit path alone;
 *   <li>{@code NEAR_CACHE_OFF}: mcjcache with {@code nearCache.maxEntries=0}, every get a round trip;
 *   <li>{@code RAW_SPYMEMCACHED}: spymemcached's own {@code get} on the same cluster (no routing,
 *       mirroring, envelope or JCache rules);
 *   <li>{@code CAFFEINE_JCACHE}: Caffeine's JCache provider in process, the upper bound of a JCache get
 *       with store-by-value copies; {@code CAFFEINE_JCACHE_BOUNDED} the same bounded to the key count,
 *       as a near cache must be.
 * </ul>
 * Both mcjcache readers use the provider's defaults otherwise ({@code mirror=pairs}). The data is loaded
 * (and read back) through a manager without a near cache, so that the measured near cache starts cold
 * and fills with what the Zipf reads make hot, not with the load's last keys. The near cache's hit
 * ratio over the whole trial is printed at its end.
 *
 * <p>Not final: JMH generates subclasses of benchmark and state classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(2)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
// The JVM settings of every bench fork (io.mcjcache.bench.ForkSettings), so that rows compare.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Djava.net.preferIPv4Stack=true",
    "-Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SLF4JLogger",
    "-Djava.util.logging.config.class=io.mcjcache.bench.QuietLogging"})
public class NearCacheGetBenchmark {
  /** The readers compared. */
  public enum Reader {
    NEAR_CACHE_ON, NEAR_CACHE_ALL_HELD, NEAR_CACHE_OFF, RAW_SPYMEMCACHED, CAFFEINE_JCACHE, CAFFEINE_JCACHE_BOUNDED
  }

  static final String MCJCACHE = "io.mcjcache.MemcachedCachingProvider";
  static final String CAFFEINE = "com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider";
  /** Keys per load request: what a busy 2-core machine keeps within the default op timeout. */
  static final int LOAD_CHUNK = Dataset.BATCH_SIZE;

  @Param
  public Reader reader;

  /** {@code NEAR_CACHE_ON}'s near cache size: the default, or e.g. 100000 to hold the whole key set. */
  @Param("10000")
  public int nearCacheMaxEntries;

  /** {@code NEAR_CACHE_ON}'s ttl: the default, or longer where more cross-JVM staleness is acceptable. */
  @Param("1000")
  public int nearCacheTtlMs;

  private final Dataset data = new Dataset();
  private MemcachedCluster cluster;
  private CacheManager loadingManager;
  private CacheManager manager;
  private Cache<String, byte[]> cache;
  private MemcachedClient client;
  private Function<String, Object> get;
  private NearCacheCounts countsAtStart;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    switch (reader) {
      case NEAR_CACHE_ON -> openMcjcache(nearCacheMaxEntries, nearCacheTtlMs);
      case NEAR_CACHE_ALL_HELD -> {
        openMcjcache(Dataset.KEY_COUNT, 600_000);
        load(batch -> {}, cache::getAll); // reads every key once: now all of them are held
      }
      case NEAR_CACHE_OFF -> openMcjcache(0, 1_000);
      case RAW_SPYMEMCACHED -> openSpymemcached();
      case CAFFEINE_JCACHE ->
        openCaffeine(new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class));
      case CAFFEINE_JCACHE_BOUNDED -> openCaffeine(new CaffeineConfiguration<String, byte[]>()
          .setTypes(String.class, byte[].class).setStoreByValue(true)
          .setMaximumSize(OptionalLong.of(Dataset.KEY_COUNT)));
    }
    countsAtStart = nearCacheCounts();
  }

  /** The measured cache's near cache counters; zeros for readers without one. */
  private NearCacheCounts nearCacheCounts() {
    return hasNearCache() ? cache.unwrap(MemcachedCache.class).nearCacheCounts() : NearCacheCounts.NONE;
  }

  private boolean hasNearCache() {
    return reader == Reader.NEAR_CACHE_ON || reader == Reader.NEAR_CACHE_ALL_HELD;
  }

  private void openMcjcache(int nearCacheMaxEntries, int nearCacheTtlMs) {
    cluster = MemcachedCluster.builder().nodes(4).memoryMb(256).start();
    MutableConfiguration<String, byte[]> configuration =
        new MutableConfiguration<String, byte[]>().setTypes(String.class, byte[].class);
    loadingManager = manager(Caching.getCachingProvider(MCJCACHE, loader("loading")), 0, 1_000);
    Cache<String, byte[]> loading = loadingManager.createCache("near", configuration);
    load(loading::putAll, loading::getAll);
    manager = manager(Caching.getCachingProvider(MCJCACHE, loader("measured")), nearCacheMaxEntries,
        nearCacheTtlMs);
    cache = manager.createCache("near", configuration);
    get = cache::get;
  }

  /** A provider per class loader, as two JVMs would have: the loading manager's store is not shared. */
  private static ClassLoader loader(String name) {
    return new ClassLoader(name, NearCacheGetBenchmark.class.getClassLoader()) {};
  }

  private CacheManager manager(CachingProvider provider, int nearCacheMaxEntries, int nearCacheTtlMs) {
    Properties properties = new Properties();
    properties.setProperty("nearCache.maxEntries", Integer.toString(nearCacheMaxEntries));
    properties.setProperty("nearCache.ttlMs", Integer.toString(nearCacheTtlMs));
    return provider.getCacheManager(URI.create(cluster.uri() + "?namespace=near"),
        NearCacheGetBenchmark.class.getClassLoader(), properties);
  }

  private void openSpymemcached() throws IOException {
    cluster = MemcachedCluster.builder().nodes(4).memoryMb(256).start();
    client = new MemcachedClient(new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT).setDaemon(true).build(), cluster.addresses());
    load(batch -> batch.forEach((key, value) -> await(client.set(key, 0, value))), this::bulkGet);
    get = client::get;
  }

  @SuppressWarnings("unchecked")
  private Map<String, byte[]> bulkGet(Set<String> keys) {
    return (Map<String, byte[]>) (Map<String, ?>) client.getBulk(keys);
  }

  private void openCaffeine(Configuration<String, byte[]> configuration) {
    manager = Caching.getCachingProvider(CAFFEINE).getCacheManager();
    cache = manager.createCache("near", configuration);
    load(cache::putAll, cache::getAll);
    get = cache::get;
  }

  /** Writes every key, reads them all back, and refuses to measure a reader that lost any. */
  private void load(Consumer<Map<String, byte[]>> write,
      Function<Set<String>, Map<String, byte[]>> read) {
    byte[] value = data.value();
    int missing = 0;
    for (int start = 0; start < Dataset.KEY_COUNT; start += LOAD_CHUNK) {
      Map<String, byte[]> batch = new HashMap<>();
      for (int i = start; i < Math.min(start + LOAD_CHUNK, Dataset.KEY_COUNT); i++) {
        batch.put(data.key(i), value);
      }
      write.accept(batch);
      Map<String, byte[]> found = read.apply(batch.keySet());
      missing += (int) batch.keySet().stream().filter(key -> !data.isValue(found.get(key))).count();
    }
    if (missing > 0) {
      throw new IllegalStateException(reader + ": " + missing + " keys were not read back after loading");
    }
  }

  private static void await(Future<Boolean> reply) {
    try {
      if (!reply.get()) {
        throw new IllegalStateException("a set was not stored");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a set failed: " + e.getCause(), e.getCause());
    }
  }

  private NearCacheCounts countsAtIteration;

  @Setup(Level.Iteration)
  public void startIteration() {
    countsAtIteration = nearCacheCounts();
  }

  /** The near cache's hit ratio of each iteration: the measured ones are the steady state. */
  @TearDown(Level.Iteration)
  public void endIteration() {
    if (hasNearCache()) {
      NearCacheCounts now = nearCacheCounts();
      long hits = now.hits() - countsAtIteration.hits();
      long misses = now.misses() - countsAtIteration.misses();
      System.out.printf("  [near cache: hit ratio %.4f, %d misses, %d refreshes]",
          (double) hits / Math.max(1, hits + misses),
          misses, now.refreshes() - countsAtIteration.refreshes());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (hasNearCache() && countsAtStart != null) {
      NearCacheCounts now = nearCacheCounts();
      long hits = now.hits() - countsAtStart.hits();
      long misses = now.misses() - countsAtStart.misses();
      System.out.printf("%nnear cache over warm-up and measurement: %d hits, %d misses, hit ratio %.3f,"
          + " %d background refreshes, %d entries%n", hits, misses, (double) hits / Math.max(1, hits + misses),
          now.refreshes() - countsAtStart.refreshes(), now.slots());
    }
    if (client != null) {
      client.shutdown(5, TimeUnit.SECONDS);
    }
    if (manager != null) {
      manager.close();
    }
    if (loadingManager != null) {
      loadingManager.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Benchmark
  public Object get(ZipfKeys keys) {
    return get.apply(keys.next());
  }

  /** One seeded Zipf(0.99) stream of keys per thread, the same in every run. */
  @State(Scope.Thread)
  public static class ZipfKeys {
    private static final long SEED = 20_041_107L;
    private final Dataset data = new Dataset();
    private IntSupplier draws;

    @Setup(Level.Trial)
    public void setUp(ThreadParams thread) {
      draws = KeyPattern.ZIPF.draws(Dataset.KEY_COUNT, SEED + 31L * thread.getThreadIndex());
    }

    String next() {
      return data.key(draws.getAsInt());
    }
  }
}
