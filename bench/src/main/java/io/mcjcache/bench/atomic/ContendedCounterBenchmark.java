package io.mcjcache.bench.atomic;

import io.mcjcache.cluster.RoutedClusterStore;
import io.mcjcache.cluster.RouterFigures;
import io.mcjcache.testkit.MemcachedCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A contended counter: every thread {@code invoke}s an increment on the same key of a 4-node
 * {@code mirror=pairs} cluster (README guarantee 7: such updates complete however hot the key is).
 * Run it with {@code -t 1}, {@code -t 4}, {@code -t 16}; {@code otherJvms=1} starts a second JVM that
 * increments the same key with as many threads for the whole trial, so that contenders in this JVM also
 * lose compare-and-swaps to another process and take leases. The score is this JVM's increments per
 * second; at the end of the trial the counter is checked against every increment made (both JVMs'), and
 * the leases taken and waited for are printed.
 *
 * <p>Not final: JMH generates subclasses of benchmark and state classes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
// The JVM settings of every bench fork (io.mcjcache.bench.ForkSettings), so that rows compare.
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Djava.net.preferIPv4Stack=true",
    "-Dnet.spy.log.LoggerImpl=net.spy.memcached.compat.log.SLF4JLogger",
    "-Djava.util.logging.config.class=io.mcjcache.bench.QuietLogging"})
public class ContendedCounterBenchmark {
  static final String MCJCACHE = "io.mcjcache.MemcachedCachingProvider";
  static final String KEY = "hits";

  /** Adds one to the counter, creating it at 1. */
  static final EntryProcessor<String, Long, Long> INCREMENT = (entry, args) -> {
    long next = entry.exists() ? entry.getValue() + 1 : 1;
    entry.setValue(next);
    return next;
  };

  /** Other JVMs incrementing the same key during the trial (0 or 1). */
  @Param({"0", "1"})
  public int otherJvms;

  private MemcachedCluster cluster;
  private CacheManager manager;
  private Cache<String, Long> cache;
  private final AtomicLong mine = new AtomicLong();
  private Process other;
  private final AtomicLong othersCount = new AtomicLong(-1);
  private Thread otherOutput;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws IOException {
    cluster = MemcachedCluster.builder().nodes(4).memoryMb(64).start();
    manager = open(cluster.uri());
    cache =
        manager.createCache("counters", new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
    if (otherJvms > 0) {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      other = new ProcessBuilder(java, "-Xmx256m", "-Djava.net.preferIPv4Stack=true",
          "-Djava.util.logging.config.class=io.mcjcache.bench.QuietLogging",
          "-cp", System.getProperty("java.class.path"), OtherJvm.class.getName(), cluster.uri(),
          Integer.toString(params.getThreads())).redirectErrorStream(true).start();
      otherOutput = new Thread(this::readOther, "other-jvm-output");
      otherOutput.setDaemon(true);
      otherOutput.start();
    }
  }

  private void readOther() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("increments=")) {
          othersCount.set(Long.parseLong(line.substring("increments=".length()).trim()));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  static CacheManager open(String uri) {
    Properties properties = new Properties();
    properties.setProperty("nearCache.maxEntries", "0");
    return Caching.getCachingProvider(MCJCACHE).getCacheManager(URI.create(uri + "?namespace=counter"),
        ContendedCounterBenchmark.class.getClassLoader(), properties);
  }

  @Benchmark
  public Long increment() {
    Long next = cache.invoke(KEY, INCREMENT);
    mine.incrementAndGet();
    return next;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (other != null) {
      other.getOutputStream().close(); // the other JVM stops when its standard input ends
      if (!other.waitFor(30, TimeUnit.SECONDS)) {
        other.destroyForcibly();
        throw new IllegalStateException("the other JVM did not stop");
      }
      otherOutput.join(5_000);
    }
    long counted = cache.get(KEY);
    long others = Math.max(0, othersCount.get());
    RouterFigures figures = manager.unwrap(RoutedClusterStore.class).figures();
    System.out.printf("%n[counter] this JVM %d, other JVM %s, counter %d, lost %d, leases %d, lease waits %d%n",
        mine.get(), other == null ? "-" : Long.toString(othersCount.get()), counted, mine.get() + others - counted,
        figures.getLeases(), figures.getLeaseWaits());
    manager.close();
    cluster.close();
    if (counted != mine.get() + others) {
      throw new IllegalStateException("increments lost: counter " + counted + ", made " + (mine.get() + others));
    }
  }

  /** The second JVM: increments until its standard input closes, then prints how many it made. */
  public static final class OtherJvm {
    public static void main(String[] args) throws Exception {
      int threads = Integer.parseInt(args[1]);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong made = new AtomicLong();
      try (CacheManager manager = open(args[0])) {
        Cache<String, Long> cache = manager.createCache("counters",
            new MutableConfiguration<String, Long>().setTypes(String.class, Long.class));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Thread worker = new Thread(() -> {
            while (running.get()) {
              cache.invoke(KEY, INCREMENT);
              made.incrementAndGet();
            }
          });
          worker.start();
          workers.add(worker);
        }
        while (System.in.read() >= 0) {
          // wait for the benchmark to close standard input
        }
        running.set(false);
        for (Thread worker : workers) {
          worker.join();
        }
      }
      System.out.println("increments=" + made.get());
    }
  }
}
