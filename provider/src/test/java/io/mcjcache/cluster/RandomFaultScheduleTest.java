package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.near.NearCachedStore;
import io.mcjcache.near.NearFigures;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.cache.CacheException;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md guarantee 3 under a random schedule of real faults: one client runs a random mix of
 * put/get/remove/replace/putIfAbsent against a reference while another thread kills, pauses, resumes and
 * restarts random nodes. Every read must return a value the reference allows, or a miss: never an
 * older value, never a removed one. Seeded and reproducible in its choices (not in its timing): set
 * {@code -Dmcjcache.schedule.seed=<seed>} to replay a failing seed, which the failure message prints.
 *
 * <p>The schedule runs twice: on the routed store itself, and through a near cache with a short ttl in
 * front of it, so that held items, local writes and background refreshes (refresh ahead) race the same
 * faults. The near cache is exact for the client's own writes, so the reference is the same.
 */
class RandomFaultScheduleTest {
  private static final int NODES = 4;
  private static final int KEYS = 400;
  private static final Duration RUN = Duration.ofSeconds(Long.getLong("mcjcache.schedule.seconds", 25));
  /** Short enough that items are refreshed (at 3/4 of it) and expire many times during the run. */
  private static final NearCacheSettings NEAR = new NearCacheSettings(1_000, 300);

  @Test
  void noReadEverReturnsASupersededOrRemovedValue() throws Exception {
    runSchedule(RUN, false);
  }

  @Test
  void noReadThroughANearCacheWithRefreshAheadEverReturnsASupersededOrRemovedValue() throws Exception {
    runSchedule(RUN.dividedBy(2), true);
  }

  private void runSchedule(Duration run, boolean nearCached) throws Exception {
    long seed = Long.getLong("mcjcache.schedule.seed", new Random().nextLong());
    Random ops = new Random(seed);
    Random faults = new Random(seed * 31 + 7);
    ExecutorService refreshes = Executors.newSingleThreadExecutor();
    try (MemcachedCluster cluster = MemcachedCluster.start(NODES);
        RoutedClusterStore routed = StoreFixture.open(cluster, "mirror=pairs&allDown=miss")) {
      // A near cache's close leaves the store it fronts open: the routed store is closed above.
      ClusterStore store = nearCached ? new NearCachedStore(routed, NEAR, NearFigures.NONE, refreshes) : routed;
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> faultFailure = new AtomicReference<>();
      List<String> faultLog = new CopyOnWriteArrayList<>();
      Thread injector = new Thread(() -> {
        try {
          injectFaults(cluster, faults, running, faultLog);
        } catch (Throwable t) {
          faultFailure.set(t);
        }
      }, "fault-injector");
      injector.start();

      int[] aliveHistogram = new int[NODES + 1];
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          aliveHistogram[routed.view().aliveCount()]++;
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "view-sampler");
      sampler.start();
      Map<String, Set<String>> allowed = new HashMap<>();
      Map<String, List<Object>> history = new HashMap<>();
      long deadline = System.nanoTime() + run.toNanos();
      int reads = 0;
      int hits = 0;
      try {
        while (System.nanoTime() < deadline) {
          String key = "t:c:" + ops.nextInt(KEYS);
          String fresh = "v" + ops.nextLong();
          int op = ops.nextInt(10);
          Set<String> before = allowed.getOrDefault(key, Set.of());
          List<Object> trail = history.computeIfAbsent(key, k -> new ArrayList<>());
          // Cheap to record (views are immutable); printed only when the key reads wrong.
          trail.add(new Step(op, fresh, routed.view(), faultLog.size()));
          try {
            switch (op) {
              case 0, 1, 2 -> {
                store.put(key, value(fresh), 0);
                allowed.put(key, Set.of(fresh));
              }
              case 3 -> {
                store.delete(key);
                allowed.put(key, Set.of());
              }
              case 4 -> {
                String written = store.update(key, current -> current == null
                    ? Decision.write(value(fresh), 0, fresh) : Decision.keep(null));
                if (written != null) {
                  allowed.put(key, Set.of(written));
                }
              }
              case 5 -> {
                String written = store.update(key, current -> current != null
                    ? Decision.write(value(fresh), 0, fresh) : Decision.keep(null));
                if (written != null) {
                  allowed.put(key, Set.of(written));
                }
              }
              case 6 -> {
                String removed = store.update(key, current -> current != null
                    ? Decision.remove("removed") : Decision.keep(null));
                if (removed != null) {
                  allowed.put(key, Set.of());
                }
              }
              default -> {
                String seen = text(store.get(key));
                reads++;
                if (seen != null) {
                  hits++;
                  assertThat(before).as("seed %d: read of %s returned %s; allowed %s; faults so far %s;%n"
                      + "history of the key:%n%s", seed, key, seen, before, faultLog, trail.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("\n")))
                      .contains(seen);
                }
              }
            }
          } catch (CacheException e) {
            trail.add("  -> " + e);
            // The write may or may not have happened: both the old and the new value are now allowed.
            Set<String> either = new HashSet<>(before);
            either.add(fresh);
            allowed.put(key, either);
          }
        }
      } finally {
        running.set(false);
        injector.join();
        sampler.join();
      }
      if (faultFailure.get() != null) {
        throw new AssertionError("fault injector failed (seed " + seed + ")", faultFailure.get());
      }
      System.out.printf("RandomFaultScheduleTest seed=%d near=%s reads=%d hits=%d faults=%d alive-node samples=%s figures=%s%n",
          seed, store instanceof NearCachedStore near ? near.counts() : "off", reads, hits, faultLog.size(),
          java.util.Arrays.toString(aliveHistogram), routed.figures());
      assertThat(reads).as("the schedule did some reads").isPositive();
      assertThat(faultLog).as("the schedule injected faults").isNotEmpty();
      if (store instanceof NearCachedStore near) {
        assertThat(near.counts().hits()).as("reads answered by the near cache").isPositive();
        assertThat(near.counts().refreshes()).as("items replaced by a background refresh").isPositive();
      }
    } finally {
      refreshes.shutdownNow();
    }
  }

  /** One operation on a key, for the failure message. */
  private record Step(int op, String fresh, io.mcjcache.routing.ClusterView view, int faultsSoFar) {
    @Override
    public String toString() {
      String name = switch (op) {
        case 0, 1, 2 -> "put " + fresh;
        case 3 -> "delete";
        case 4 -> "putIfAbsent " + fresh;
        case 5 -> "replace " + fresh;
        case 6 -> "removeIfPresent";
        default -> "get";
      };
      return name + " after " + faultsSoFar + " faults, " + view;
    }
  }

  /** Every 100-400 ms: kill, pause, resume or restart a random node; at most two disturbed at once. */
  private static void injectFaults(MemcachedCluster cluster, Random random, AtomicBoolean running,
      List<String> log) throws InterruptedException {
    while (running.get()) {
      Thread.sleep(100 + random.nextInt(300));
      MemcachedNode node = cluster.node(random.nextInt(NODES));
      long disturbed = cluster.nodes().stream().filter(n -> !n.isRunning() || n.isPaused()).count();
      boolean healthy = node.isRunning() && !node.isPaused();
      String action;
      if (healthy && disturbed < 2) {
        action = random.nextBoolean() ? "kill" : "pause";
      } else if (!healthy) {
        action = node.isPaused() && random.nextBoolean() ? "resume" : "restart";
      } else {
        continue;
      }
      switch (action) {
        case "kill" -> node.kill();
        case "pause" -> node.pause();
        case "resume" -> node.resume();
        default -> node.restart();
      }
      log.add(action + " " + node.index());
    }
    cluster.healAll();
  }
}
