package io.mcjcache.transport.bench;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.TestCalls;
import io.mcjcache.transport.TransportSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the product transport (not raw spymemcached) on a 4-node testkit cluster: single
 * get/set of 1 KB values on a random node with 1 and 2 threads, and 100 sets to one node sent one
 * by one vs pipelined with setMulti. Skipped unless asked for:
 *
 * <pre>
 * mvn -B -q -pl provider -am test -Dtest=TransportThroughputRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmcjcache.bench=true
 * </pre>
 */
class TransportThroughputRun {

  private static final byte[] VALUE = new byte[1024];
  private static final int SECONDS = 3;

  @Test
  @EnabledIfSystemProperty(named = "mcjcache.bench", matches = "true")
  void measure() throws Exception {
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(4).memoryMb(64).start();
        MemcachedTransport transport = new MemcachedTransport(TransportSettings.of(cluster.addresses()))) {
      for (int threads : new int[] {1, 2}) {
        rate("set 1 KB", threads, i -> TestCalls.set(transport, node(), key(), 0, VALUE));
        rate("get 1 KB", threads, i -> transport.get(node(), key()));
      }
      Map<String, Item> batch = new LinkedHashMap<>();
      for (int i = 0; i < 100; i++) {
        batch.put("bench:batch:" + i, new Item(0, VALUE));
      }
      rate("100 sets one by one (batches/s)", 1,
          i -> batch.forEach((k, item) -> TestCalls.set(transport, 0, k, 0, item.value())));
      rate("100 sets by setMulti (batches/s)", 1, i -> TestCalls.setMulti(transport, 0, batch));
    }
  }

  private static int node() {
    return ThreadLocalRandom.current().nextInt(4);
  }

  private static String key() {
    return "bench:" + ThreadLocalRandom.current().nextInt(1000);
  }

  private static void rate(String what, int threads, IntConsumer op) throws Exception {
    run(threads, 1, op);
    double rate = run(threads, SECONDS, op);
    System.out.printf("%-36s threads=%d %10.0f /s%n", what, threads, rate);
  }

  private static double run(int threads, int seconds, IntConsumer op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    LongAdder done = new LongAdder();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Future<?>[] running = new Future<?>[threads];
    for (int t = 0; t < threads; t++) {
      running[t] = pool.submit(() -> {
        while (System.nanoTime() < end) {
          op.accept(0);
          done.increment();
        }
      });
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    return done.sum() / (double) seconds;
  }
}
