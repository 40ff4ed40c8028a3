package io.mcjcache.near;

import static io.mcjcache.near.Items.item;
import static io.mcjcache.near.Items.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.Decision;
import io.mcjcache.cluster.InMemoryClusterStore;
import io.mcjcache.config.NearCacheSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Free-running races between readers that fill the near cache and local writers, checked the way a
 * user would notice a stale read: after a write returns, its writer must read what it wrote (or what a
 * later write left), never an older item installed by a racing read.
 */
class NearCacheRacesTest {
  private final InMemoryClusterStore servers = new InMemoryClusterStore();
  private final NearCachedStore near =
      new NearCachedStore(servers, new NearCacheSettings(1000, 600_000), NearFigures.NONE, Runnable::run);
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** One writer per key (so "what it wrote" is well defined), two readers filling every key meanwhile. */
  @Test
  void aWriterAlwaysReadsItsOwnLastWriteWhileReadersRaceToFill() throws Exception {
    List<String> keys = List.of("k0", "k1", "k2", "k3");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong readerFetches = new AtomicLong();
    List<Future<?>> readers = new ArrayList<>();
    for (int r = 0; r < 2; r++) {
      readers.add(threads.submit(() -> {
        while (running.get()) {
          near.get(keys.get(ThreadLocalRandom.current().nextInt(keys.size())));
          readerFetches.incrementAndGet();
        }
      }));
    }
    List<Future<Integer>> writers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      List<String> mine = keys.subList(2 * w, 2 * w + 2);
      writers.add(threads.submit(() -> writeAndCheck(mine, 20_000)));
    }
    try {
      for (Future<Integer> writer : writers) {
        assertThat(writer.get(120, TimeUnit.SECONDS)).as("stale reads seen by a writer").isZero();
      }
    } finally {
      running.set(false);
    }
    for (Future<?> reader : readers) {
      reader.get(10, TimeUnit.SECONDS);
    }
    assertThat(readerFetches.get()).isPositive();
    for (String key : keys) {
      assertThat(text(near.get(key))).isEqualTo(text(servers.get(key)));
    }
  }

  /** Writes, removals and updates of its own keys; after each, the near cache must say what it did. */
  private int writeAndCheck(List<String> mine, int rounds) {
    int stale = 0;
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int round = 0; round < rounds; round++) {
      String key = mine.get(random.nextInt(mine.size()));
      String value = key + "#" + round;
      String expected;
      switch (random.nextInt(4)) {
        case 0 -> {
          near.delete(key);
          expected = null;
        }
        case 1 -> {
          near.update(key, current -> Decision.write(item(value), 0, null));
          expected = value;
        }
        default -> {
          near.put(key, item(value), 0);
          expected = value;
        }
      }
      String read = text(near.get(key));
      if (expected == null ? read != null : !expected.equals(read)) {
        stale++;
      }
    }
    return stale;
  }

  /** Two writers on one key at once: afterwards the near cache agrees with whatever the servers applied. */
  @Test
  void afterConcurrentWritesToOneKeyTheNearCacheAgreesWithTheServers() throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    int rounds = 3_000;
    int disagreements = 0;
    for (int round = 0; round < rounds; round++) {
      String base = "r" + round;
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        String value = base + "-w" + w;
        boolean viaUpdate = w == 1 && round % 2 == 0;
        writes.add(threads.submit(() -> {
          start.await(10, TimeUnit.SECONDS);
          if (viaUpdate) {
            near.update("k", current -> Decision.write(item(value), 0, null));
          } else {
            near.put("k", item(value), 0);
          }
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get(10, TimeUnit.SECONDS);
      }
      if (!String.valueOf(text(near.get("k"))).equals(String.valueOf(text(servers.get("k"))))) {
        disagreements++;
      }
    }
    assertThat(disagreements).isZero();
  }
}
