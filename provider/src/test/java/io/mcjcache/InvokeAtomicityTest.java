package io.mcjcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.processor.EntryProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invoke is a compare-and-swap loop on the key's owner node (docs/design.md, "Atomic read-modify-write"),
 * so concurrent processors never lose each other's updates, even from different cache managers (standing
 * for different JVMs).
 */
class InvokeAtomicityTest {
  private final SharedStore servers = new SharedStore();
  private final MemcachedCachingProvider firstJvm = servers.provider();
  private final MemcachedCachingProvider secondJvm = servers.provider();
  private final MemcachedCachingProvider thirdJvm = servers.provider();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    firstJvm.close();
    secondJvm.close();
    thirdJvm.close();
  }

  /** Adds one to the counter, creating it at 1. Processors run in the invoking JVM: a lambda will do. */
  private static final EntryProcessor<String, Integer, Integer> INCREMENT = (entry, args) -> {
    int next = entry.exists() ? entry.getValue() + 1 : 1;
    entry.setValue(next);
    return next;
  };

  @Test
  void concurrentIncrementsFromTwoManagersAreNeverLost() throws Exception {
    Cache<String, Integer> a =
        servers.manager(firstJvm, "atomic").createCache("counters", new MutableConfiguration<>());
    Cache<String, Integer> b =
        servers.manager(secondJvm, "atomic").createCache("counters", new MutableConfiguration<>());
    int perThread = 250;
    List<Future<?>> running = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Cache<String, Integer> cache = t % 2 == 0 ? a : b;
      Callable<Void> worker = () -> {
        for (int i = 0; i < perThread; i++) {
          cache.invoke("hits", INCREMENT);
        }
        return null;
      };
      running.add(threads.submit(worker));
    }
    for (Future<?> future : running) {
      future.get(60, TimeUnit.SECONDS);
    }
    // Read where no near cache can answer: a and b may each hold their own last result for up to
    // nearCache.ttlMs (the other JVM's later increments are not seen there until then).
    Cache<String, Integer> servers = this.servers.manager(thirdJvm, "atomic")
        .createCache("counters", new MemcachedConfiguration<String, Integer>().setNearCache(0, 1000));
    assertThat(servers.get("hits")).isEqualTo(4 * perThread);
  }

  @Test
  void concurrentReplaceOfTheSameOldValueSucceedsOnce() throws Exception {
    Cache<String, Integer> cache = servers.manager(firstJvm, "atomic").createCache("cas", new MutableConfiguration<>());
    for (int round = 0; round < 50; round++) {
      cache.put("k", round);
      int expected = round;
      List<Future<Boolean>> attempts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int mine = 1000 + t;
        attempts.add(threads.submit(() -> cache.replace("k", expected, mine)));
      }
      int winners = 0;
      for (Future<Boolean> attempt : attempts) {
        winners += attempt.get(10, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).as("round %d", round).isEqualTo(1);
    }
  }
}
