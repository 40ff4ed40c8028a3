package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The story every strategy goes through, on real processes: load the keys (and a tenth more, to be
 * deleted); read them all; kill one node; read them all; overwrite a fifth of them, add a tenth more and
 * delete the extra tenth while it is down; restart it (empty); read everything again, and whether the
 * deleted keys stay deleted. Between the steps it keeps reading a few keys (as an application
 * would; some clients notice a dead connection only when they use it) until the strategy's own failure
 * detection has seen the change, so each pass measures the strategy's settled behaviour rather than
 * how fast it happens to notice. Every write and delete is judged by what the client was told (the
 * {@link Dataset}): a write that failed is not held against the strategy as a lost one.
 *
 * <p>The deleted keys are extra keys, read only after the return, so the hit ratios and misses of the
 * passes cover the same keys as before deletes were added to the schedule.
 */
final class FailoverSchedule {
  static final double OVERWRITTEN_WHILE_DOWN = 0.20;
  static final double ADDED_WHILE_DOWN = 0.10;
  static final double DELETED_WHILE_DOWN = 0.10;
  private static final int WRITE_BATCH = 1_000;
  private static final int TRAFFIC_KEYS = 20;
  /** spymemcached reconnects with back-off; mcjcache's probes need a few periods. Both fit easily. */
  private static final Duration NOTICE_TIMEOUT = Duration.ofSeconds(30);

  private final MemcachedCluster cluster;
  private final int victim;
  private final int keys;
  private final long seed;
  private final ProgressBar progress;
  private long failedWrites;
  private long failedDeletes;

  FailoverSchedule(MemcachedCluster cluster, int victim, int keys, long seed, ProgressBar progress) {
    this.cluster = cluster;
    this.victim = victim;
    this.keys = keys;
    this.seed = seed;
    this.progress = progress;
  }

  /** The progress units of one strategy's run: keys written and deleted plus keys read. */
  static long workUnits(int keys) {
    long written = keys + deleted(keys) + overwritten(keys) + added(keys) + deleted(keys);
    long read = 2L * keys + keys + added(keys) + deleted(keys);
    return written + read;
  }

  /** The distinct keys one run writes (each may hold two copies): for sizing memcached. */
  static long itemsWritten(int keys) {
    return keys + (long) added(keys) + deleted(keys);
  }

  StrategyResult run(StrategyKind kind) {
    long start = System.nanoTime();
    failedWrites = 0;
    failedDeletes = 0;
    int live = keys + added(keys);
    Dataset data = new Dataset((char) ('a' + kind.ordinal()) + ":", live + deleted(keys));
    List<PhaseResult> phases = new ArrayList<>();
    List<HitRatioSample> timeline = new ArrayList<>();
    try (Strategy strategy = kind.open(cluster)) {
      ReadPass pass = new ReadPass(strategy, data, progress);
      for (int node = 0; node < cluster.size(); node++) {
        awaitNotice(kind, strategy, data, node, true);
      }
      step(kind, "loading " + keys + " keys and " + deleted(keys) + " to delete later");
      write(strategy, data, 0, keys);
      write(strategy, data, live, data.capacity());
      step(kind, "reading, all nodes up");
      phases.add(pass.run(Phase.ALL_UP, keys, timeline));

      step(kind, "killing node " + victim);
      cluster.node(victim).kill();
      awaitNotice(kind, strategy, data, victim, false);
      step(kind, "reading, node " + victim + " down");
      phases.add(pass.run(Phase.NODE_DOWN, keys, timeline));

      step(kind, "writing and deleting while node " + victim + " is down");
      int[] overwritten = Dataset.pick(new Random(seed), overwritten(keys), keys);
      for (int from = 0; from < overwritten.length; from += WRITE_BATCH) {
        int to = Math.min(overwritten.length, from + WRITE_BATCH);
        store(strategy, data, data.nextVersions(overwritten, from, to));
      }
      write(strategy, data, keys, live);
      delete(strategy, data, live, data.capacity());

      step(kind, "restarting node " + victim);
      cluster.node(victim).restart();
      awaitNotice(kind, strategy, data, victim, true);
      step(kind, "reading, node " + victim + " back");
      phases.add(pass.run(Phase.NODE_BACK, live, live, data.capacity(), timeline));
    }
    return new StrategyResult(kind, phases, timeline, failedWrites, failedDeletes,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private void write(Strategy strategy, Dataset data, int from, int to) {
    for (int batch = from; batch < to; batch += WRITE_BATCH) {
      store(strategy, data, data.nextVersions(batch, Math.min(to, batch + WRITE_BATCH)));
    }
  }

  private void store(Strategy strategy, Dataset data, Map<String, String> entries) {
    Set<String> acknowledged = strategy.putAll(entries);
    data.written(acknowledged);
    failedWrites += entries.size() - acknowledged.size();
    progress.advance(entries.size());
  }

  private void delete(Strategy strategy, Dataset data, int from, int to) {
    for (int batch = from; batch < to; batch += WRITE_BATCH) {
      List<String> doomed = data.keys(batch, Math.min(to, batch + WRITE_BATCH));
      Set<String> acknowledged = strategy.deleteAll(doomed);
      data.deleted(doomed, acknowledged);
      failedDeletes += doomed.size() - acknowledged.size();
      progress.advance(doomed.size());
    }
  }

  private void step(StrategyKind kind, String what) {
    progress.label(kind.title() + ": " + what);
  }

  /**
   * Polls the strategy's own view of {@code node} until it matches, within a generous deadline, with a
   * little unmeasured read traffic meanwhile.
   */
  private static void awaitNotice(StrategyKind kind, Strategy strategy, Dataset data, int node, boolean alive) {
    long deadline = System.nanoTime() + NOTICE_TIMEOUT.toNanos();
    List<String> traffic = new ArrayList<>();
    for (int i = 0; i < TRAFFIC_KEYS; i++) {
      traffic.add(data.key(i));
    }
    while (strategy.seesAlive(node) != alive) {
      strategy.getAll(traffic);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(kind.title() + " did not notice that node " + node
            + (alive ? " is up" : " died") + " within " + NOTICE_TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for node " + node, e);
      }
    }
  }

  private static int overwritten(int keys) {
    return (int) (keys * OVERWRITTEN_WHILE_DOWN);
  }

  private static int added(int keys) {
    return (int) (keys * ADDED_WHILE_DOWN);
  }

  /** The extra keys loaded before the kill and deleted while the node is down. */
  static int deleted(int keys) {
    return (int) (keys * DELETED_WHILE_DOWN);
  }
}
