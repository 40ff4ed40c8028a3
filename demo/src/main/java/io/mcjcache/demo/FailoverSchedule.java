package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The story every strategy goes through, on real processes: load the keys; read them all; kill one
 * node; read them all; overwrite a fifth of them and add a tenth more while it is down; restart it
 * (empty); read everything again. Between the steps it keeps reading a few keys (as an application
 * would; some clients notice a dead connection only when they use it) until the strategy's own failure
 * detection has seen the change, so each pass measures the strategy's settled behaviour rather than
 * how fast it happens to notice.
 */
final class FailoverSchedule {
  static final double OVERWRITTEN_WHILE_DOWN = 0.20;
  static final double ADDED_WHILE_DOWN = 0.10;
  private static final int WRITE_BATCH = 1_000;
  private static final int TRAFFIC_KEYS = 20;
  /** spymemcached reconnects with back-off; mcjcache's probes need a few periods. Both fit easily. */
  private static final Duration NOTICE_TIMEOUT = Duration.ofSeconds(30);

  private final MemcachedCluster cluster;
  private final int victim;
  private final int keys;
  private final long seed;
  private final ProgressBar progress;

  FailoverSchedule(MemcachedCluster cluster, int victim, int keys, long seed, ProgressBar progress) {
    this.cluster = cluster;
    this.victim = victim;
    this.keys = keys;
    this.seed = seed;
    this.progress = progress;
  }

  /** The progress units of one strategy's run: keys written plus keys read. */
  static long workUnits(int keys) {
    long written = keys + overwritten(keys) + added(keys);
    long read = 2L * keys + keys + added(keys);
    return written + read;
  }

  StrategyResult run(StrategyKind kind) {
    long start = System.nanoTime();
    Dataset data = new Dataset((char) ('a' + kind.ordinal()) + ":", keys + added(keys));
    List<PhaseResult> phases = new ArrayList<>();
    List<HitRatioSample> timeline = new ArrayList<>();
    try (Strategy strategy = kind.open(cluster)) {
      ReadPass pass = new ReadPass(strategy, data, progress);
      for (int node = 0; node < cluster.size(); node++) {
        awaitNotice(kind, strategy, data, node, true);
      }
      step(kind, "loading " + keys + " keys");
      write(strategy, data, 0, keys);
      step(kind, "reading, all nodes up");
      phases.add(pass.run(Phase.ALL_UP, keys, timeline));

      step(kind, "killing node " + victim);
      cluster.node(victim).kill();
      awaitNotice(kind, strategy, data, victim, false);
      step(kind, "reading, node " + victim + " down");
      phases.add(pass.run(Phase.NODE_DOWN, keys, timeline));

      step(kind, "writing while node " + victim + " is down");
      int[] overwritten = Dataset.pick(new Random(seed), overwritten(keys), keys);
      for (int from = 0; from < overwritten.length; from += WRITE_BATCH) {
        int to = Math.min(overwritten.length, from + WRITE_BATCH);
        strategy.putAll(data.nextVersions(overwritten, from, to));
        progress.advance(to - from);
      }
      write(strategy, data, keys, keys + added(keys));

      step(kind, "restarting node " + victim);
      cluster.node(victim).restart();
      awaitNotice(kind, strategy, data, victim, true);
      step(kind, "reading, node " + victim + " back");
      phases.add(pass.run(Phase.NODE_BACK, data.capacity(), timeline));
    }
    return new StrategyResult(kind, phases, timeline, Duration.ofNanos(System.nanoTime() - start));
  }

  private void write(Strategy strategy, Dataset data, int from, int to) {
    for (int batch = from; batch < to; batch += WRITE_BATCH) {
      int end = Math.min(to, batch + WRITE_BATCH);
      Map<String, String> entries = data.nextVersions(batch, end);
      strategy.putAll(entries);
      progress.advance(end - batch);
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
}
