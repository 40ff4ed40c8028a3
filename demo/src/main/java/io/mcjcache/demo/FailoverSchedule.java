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
 * deleted); read them all; make one node fail (the {@link Fault}: kill it, or pause it); read them all;
 * overwrite a fifth of them, add a tenth more and delete the extra tenth while it is down; bring it back
 * (restarted empty, or resumed with its old data); read everything again, and whether the deleted keys stay
 * deleted. After the failure and after the return it waits until the strategy's own failure detection has
 * seen the change ({@link DetectionWait}), so each pass measures the strategy's settled behaviour rather
 * than how fast it happens to notice; with a pause, the node hangs through the whole wait, the pass and the
 * writes. Every write and delete is judged by what the client was told (the {@link Dataset}): a write that
 * failed is not held against the strategy as a lost one.
 *
 * <p>The deleted keys are extra keys, read only after the return, so the hit ratios and misses of the
 * passes cover the same keys as before deletes were added to the schedule.
 */
final class FailoverSchedule {
  static final double OVERWRITTEN_WHILE_DOWN = 0.20;
  static final double ADDED_WHILE_DOWN = 0.10;
  static final double DELETED_WHILE_DOWN = 0.10;
  private static final int WRITE_BATCH = 1_000;

  private final MemcachedCluster cluster;
  private final int victim;
  private final int keys;
  private final long seed;
  private final Fault fault;
  private final ProgressBar progress;
  private long failedWrites;
  private long failedDeletes;

  FailoverSchedule(MemcachedCluster cluster, int victim, int keys, long seed, Fault fault, ProgressBar progress) {
    this.cluster = cluster;
    this.victim = victim;
    this.keys = keys;
    this.seed = seed;
    this.fault = fault;
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
      DetectionWait detection = new DetectionWait(kind, strategy, data);
      for (int node = 0; node < cluster.size(); node++) {
        detection.until(node, true);
      }
      step(kind, "loading " + keys + " keys and " + deleted(keys) + " to delete later");
      write(strategy, data, 0, keys);
      write(strategy, data, live, data.capacity());
      step(kind, "reading, all nodes up");
      phases.add(pass.run(Phase.ALL_UP, keys, timeline));

      step(kind, "node " + victim + " " + fault.failed() + ", waiting until the strategy notices");
      fault.begin(cluster.node(victim));
      detection.until(victim, false);
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

      step(kind, "node " + victim + " " + fault.recovered() + ", waiting until the strategy notices");
      fault.end(cluster.node(victim));
      detection.until(victim, true);
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
