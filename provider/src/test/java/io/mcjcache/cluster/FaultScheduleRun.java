package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;

import io.mcjcache.config.ClusterSettings;
import io.mcjcache.config.NearCacheSettings;
import io.mcjcache.near.NearCacheCounts;
import io.mcjcache.near.NearCachedStore;
import io.mcjcache.near.NearFigures;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.HashAlgorithm;
import io.mcjcache.routing.MirrorMode;
import io.mcjcache.routing.PlacementProbes;
import io.mcjcache.routing.Router;
import io.mcjcache.routing.RoutingSettings;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedNode;
import io.mcjcache.testkit.RandomFaults;
import io.mcjcache.testkit.TlsMaterial;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
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

/**
 * README guarantee 3 under a random schedule of real faults, as a reusable run: one client thread
 * runs a random mix of get/put/remove/replace/putIfAbsent against a reference of what each key may
 * read as, while another thread kills, pauses, resumes and restarts random nodes (at most two disturbed
 * at once). A read must return a value the reference allows, or a miss.
 *
 * <p>A bad read does not stop the run: it is counted as a <em>stale read</em> (a superseded value) or a
 * <em>resurrection</em> (a value of a key that was removed) and explained with the key's placement, its
 * recent history (each step with its time and the liveness view it ran under) and the faults around it.
 * {@code RandomFaultScheduleTest} runs a short schedule in every build; {@link #main} is the long mode
 * (docs/routing.md, "Long random-fault runs"), for millions of operations.
 */
final class FaultScheduleRun {
  /** Steps kept per key for the explanation of a bad read. */
  private static final int HISTORY = 12;
  /** Faults shown before a bad read. */
  private static final int FAULTS_SHOWN = 8;

  /** What to run. */
  record Schedule(int nodes, int keys, Duration length, long maxOperations, int faultMinMs, int faultMaxMs,
      String query, NearCacheSettings near, long seed, boolean secured) {
    Schedule {
      if (faultMaxMs < faultMinMs) {
        throw new IllegalArgumentException("faultMaxMs < faultMinMs");
      }
    }

    /** The schedule of the short test in every build. */
    static Schedule quick(Duration length, NearCacheSettings near, long seed) {
      return new Schedule(4, 400, length, Long.MAX_VALUE, 100, 400, "mirror=pairs&allDown=miss", near, seed,
          false);
    }

    /**
     * This schedule on TLS-only servers that require ASCII authentication: every connection the store makes
     * (and remakes after each fault) handshakes and authenticates.
     */
    Schedule onSecuredServers() {
      return new Schedule(nodes, keys, length, maxOperations, faultMinMs, faultMaxMs, query, near, seed, true);
    }

    /**
     * The schedule of the long run that first found a resurrection: 8 nodes, 2,000 keys, a fault every
     * 1.5 s, op timeout 300 ms, probes every 200 ms, two good probes to come back.
     */
    static Schedule longRun(Duration length, long maxOperations, long seed) {
      return new Schedule(8, 2_000, length, maxOperations, 1_500, 1_500,
          "mirror=pairs&allDown=miss&opTimeoutMs=300&healthIntervalMs=200&successesToAlive=2", null, seed,
          Boolean.getBoolean("mcjcache.faults.secured"));
    }
  }

  /** What a run saw. */
  record Report(Schedule schedule, long operations, long reads, long hits, long failedOperations, int faults,
      List<String> staleReads, List<String> resurrections, int[] aliveSamples, String figures,
      NearCacheCounts near, Duration elapsed) {
    boolean clean() {
      return staleReads.isEmpty() && resurrections.isEmpty();
    }

    String summary() {
      return String.format("seed=%d operations=%d reads=%d hits=%d failed=%d faults=%d stale=%d resurrected=%d"
          + " elapsed=%ds alive-node samples=%s near=%s figures=%s", schedule.seed, operations, reads, hits,
          failedOperations, faults, staleReads.size(), resurrections.size(), elapsed.toSeconds(),
          java.util.Arrays.toString(aliveSamples), near == null ? "off" : near, figures);
    }

    /** The summary and every bad read's explanation. */
    String details() {
      StringBuilder out = new StringBuilder(summary());
      staleReads.forEach(s -> out.append("\n\nSTALE READ ").append(s));
      resurrections.forEach(s -> out.append("\n\nRESURRECTION ").append(s));
      return out.toString();
    }
  }

  private static final String USER = "faults";
  private static final String PASSWORD = "schedule-pass";

  private final Schedule schedule;
  private final long start = System.nanoTime();

  /** The cluster's {@link MemcachedCluster#clientSettings()} as a URI query's tail. */
  private static String securityQuery(MemcachedCluster cluster) {
    StringBuilder query = new StringBuilder();
    cluster.clientSettings().forEach((key, value) -> query.append('&').append(key).append('=').append(value));
    return query.toString();
  }

  FaultScheduleRun(Schedule schedule) {
    this.schedule = schedule;
  }

  /** Runs the schedule on a fresh cluster of its own. */
  Report run() throws InterruptedException {
    Random ops = new Random(schedule.seed);
    Random faults = new Random(schedule.seed * 31 + 7);
    Router router = new Router(new RoutingSettings(schedule.nodes, MirrorMode.PAIRS, HashAlgorithm.MODULO));
    ExecutorService refreshes = Executors.newSingleThreadExecutor();
    TlsMaterial tls = schedule.secured ? TlsMaterial.generate() : null;
    try (MemcachedCluster cluster = schedule.secured
        ? MemcachedCluster.builder().nodes(schedule.nodes).tls(tls).asciiAuth(USER, PASSWORD).start()
        : MemcachedCluster.start(schedule.nodes);
        // The cluster record on, as by default: a copy read back from a node that was away must never
        // roll the view back (the cluster is this run's own, so no earlier record is on it).
        RoutedClusterStore routed = StoreFixture.open(cluster, schedule.query + "&liveness.syncMs="
            + ClusterSettings.DEFAULT_LIVENESS_SYNC_MS + (schedule.secured ? securityQuery(cluster) : ""))) {
      // A near cache's close leaves the store it fronts open: the routed store is closed above.
      ClusterStore store = schedule.near == null ? routed
          : new NearCachedStore(routed, schedule.near, NearFigures.NONE, refreshes);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicReference<Throwable> injectorFailure = new AtomicReference<>();
      List<String> faultLog = new CopyOnWriteArrayList<>();
      Thread injector = new Thread(() -> {
        try {
          injectFaults(cluster, faults, running, faultLog);
        } catch (Throwable t) {
          injectorFailure.set(t);
        }
      }, "fault-injector");
      injector.start();
      int[] aliveSamples = new int[schedule.nodes + 1];
      Thread sampler = new Thread(() -> {
        while (running.get()) {
          aliveSamples[routed.view().aliveCount()]++;
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "view-sampler");
      sampler.start();

      Map<String, Set<String>> allowed = new HashMap<>();
      Map<String, ArrayDeque<String>> history = new HashMap<>();
      List<String> stale = new ArrayList<>();
      List<String> resurrected = new ArrayList<>();
      long operations = 0;
      long reads = 0;
      long hits = 0;
      long failed = 0;
      long deadline = start + schedule.length.toNanos();
      try {
        while (System.nanoTime() < deadline && operations < schedule.maxOperations) {
          operations++;
          String key = "t:c:" + ops.nextInt(schedule.keys);
          String fresh = "v" + operations;
          int op = ops.nextInt(100);
          Set<String> before = allowed.getOrDefault(key, Set.of());
          ArrayDeque<String> trail = history.computeIfAbsent(key, k -> new ArrayDeque<>());
          long at = millis();
          ClusterView view = routed.view();
          String did;
          try {
            if (op < 40) {
              String seen = text(store.get(key));
              reads++;
              did = "get -> " + seen;
              if (seen != null) {
                hits++;
                if (!before.contains(seen)) {
                  String explained = explain(key, seen, before, at, view, trail, faultLog, router);
                  (before.isEmpty() ? resurrected : stale).add(explained);
                }
              }
            } else if (op < 70) {
              store.put(key, value(fresh), 0);
              allowed.put(key, Set.of(fresh));
              did = "put " + fresh;
            } else if (op < 74) {
              store.delete(key);
              allowed.put(key, Set.of());
              did = "delete";
            } else if (op < 80) {
              String removed = store.update(key, current -> current != null
                  ? Decision.remove("removed") : Decision.keep(null));
              if (removed != null) {
                allowed.put(key, Set.of());
              }
              did = "remove -> " + (removed != null);
            } else if (op < 90) {
              String written = store.update(key, current -> current != null
                  ? Decision.write(value(fresh), 0, fresh) : Decision.keep(null));
              if (written != null) {
                allowed.put(key, Set.of(written));
              }
              did = "replace " + fresh + " -> " + (written != null);
            } else {
              String written = store.update(key, current -> current == null
                  ? Decision.write(value(fresh), 0, fresh) : Decision.keep(null));
              if (written != null) {
                allowed.put(key, Set.of(written));
              }
              did = "putIfAbsent " + fresh + " -> " + (written != null);
            }
          } catch (StoreException e) {
            failed++;
            did = "op " + op + " with " + fresh + " failed: " + e.getMessage();
            // The write may or may not have happened: both the old and the new value are now allowed.
            Set<String> either = new HashSet<>(before);
            either.add(fresh);
            allowed.put(key, either);
          }
          trail.addLast(String.format("%9.3f s (to %9.3f s) %s under %s", at / 1000.0, millis() / 1000.0, did,
              brief(view)));
          if (trail.size() > HISTORY) {
            trail.removeFirst();
          }
        }
      } finally {
        running.set(false);
        injector.join();
        sampler.join();
      }
      if (injectorFailure.get() != null) {
        throw new AssertionError("fault injector failed (seed " + schedule.seed + ")", injectorFailure.get());
      }
      return new Report(schedule, operations, reads, hits, failed, faultLog.size(), stale, resurrected,
          aliveSamples, routed.figures().toString(),
          store instanceof NearCachedStore near ? near.counts() : null,
          Duration.ofNanos(System.nanoTime() - start));
    } finally {
      refreshes.shutdownNow();
    }
  }

  private long millis() {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String explain(String key, String seen, Set<String> allowed, long at, ClusterView view,
      ArrayDeque<String> trail, List<String> faultLog, Router router) {
    int home = router.home(key.getBytes(StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder(String.format("at %.3f s: get(%s) returned %s; allowed %s%n",
        at / 1000.0, key, seen, allowed));
    out.append("  home ").append(home).append(", partner ").append(PlacementProbes.partner(router, home))
        .append("; view ").append(view).append('\n');
    out.append("  the key's last steps:\n");
    trail.forEach(step -> out.append("    ").append(step).append('\n'));
    out.append("  the last faults:\n");
    List<String> faults = List.copyOf(faultLog);
    faults.subList(Math.max(0, faults.size() - FAULTS_SHOWN), faults.size())
        .forEach(f -> out.append("    ").append(f).append('\n'));
    return out.toString();
  }

  /** The view in a few words: dead and recovering nodes. */
  private static String brief(ClusterView view) {
    StringBuilder recovering = new StringBuilder();
    for (int node = 0; node < view.nodeCount(); node++) {
      if (view.isRecovering(node)) {
        recovering.append(recovering.length() == 0 ? "" : ",").append(node);
      }
    }
    return "dead=" + view.deadNodes() + " recovering=[" + recovering + "]";
  }

  /** At random moments: kill, pause, resume or restart a random node; at most two disturbed at once. */
  private void injectFaults(MemcachedCluster cluster, Random random, AtomicBoolean running, List<String> log)
      throws InterruptedException {
    int spread = schedule.faultMaxMs - schedule.faultMinMs;
    while (running.get()) {
      Thread.sleep(schedule.faultMinMs + (spread == 0 ? 0 : random.nextInt(spread)));
      MemcachedNode node = cluster.node(random.nextInt(schedule.nodes));
      RandomFaults.Action action = RandomFaults.choose(cluster, node, random, 2);
      if (action == null) {
        continue;
      }
      long at = millis();
      RandomFaults.apply(node, action);
      log.add(String.format("%9.3f s %s %d", at / 1000.0, action.word(), node.index()));
    }
    cluster.healAll();
  }

  /**
   * The long mode (docs/routing.md, "Long random-fault runs"): {@code -Dmcjcache.faults.seconds=<s>}
   * (default 600), {@code -Dmcjcache.faults.operations=<n>} per schedule (default unbounded),
   * {@code -Dmcjcache.faults.parallel=<p>} schedules at once, each on a cluster of its own (default 1),
   * {@code -Dmcjcache.faults.seed=<seed>} (schedule i uses seed + i), {@code -Dmcjcache.faults.secured=true} on
   * TLS-only servers that require authentication. Prints each report (every bad read
   * with its explanation) and the totals, and exits 1 if any read was stale or resurrected.
   */
  public static void main(String[] args) throws Exception {
    long seed = Long.getLong("mcjcache.faults.seed", new Random().nextLong());
    Duration length = Duration.ofSeconds(Long.getLong("mcjcache.faults.seconds", 600));
    long maxOperations = Long.getLong("mcjcache.faults.operations", Long.MAX_VALUE);
    int parallel = Integer.getInteger("mcjcache.faults.parallel", 1);
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<java.util.concurrent.Future<Report>> runs = new ArrayList<>();
    for (int i = 0; i < parallel; i++) {
      Schedule schedule = Schedule.longRun(length, maxOperations, seed + i);
      runs.add(pool.submit(() -> new FaultScheduleRun(schedule).run()));
    }
    long operations = 0;
    long reads = 0;
    long faults = 0;
    long stale = 0;
    long resurrected = 0;
    for (java.util.concurrent.Future<Report> run : runs) {
      Report report = run.get();
      System.out.println("FaultScheduleRun " + report.details());
      operations += report.operations();
      reads += report.reads();
      faults += report.faults();
      stale += report.staleReads().size();
      resurrected += report.resurrections().size();
    }
    pool.shutdown();
    System.out.printf("FaultScheduleRun TOTAL schedules=%d operations=%d reads=%d faults=%d stale=%d resurrected=%d%n",
        parallel, operations, reads, faults, stale, resurrected);
    System.exit(stale + resurrected == 0 ? 0 : 1);
  }
}
