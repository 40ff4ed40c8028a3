package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs the whole comparison: starts the cluster, puts every {@link StrategyKind} through the
 * {@link FailoverSchedule} on a freshly restarted (empty) cluster so no strategy sees another's data,
 * and stops every memcached process at the end. If the JVM is stopped early (Ctrl-C), the testkit's
 * shutdown hook and watchdogs stop the processes; every client thread the strategies start is a daemon.
 */
public final class FailoverDemo {
  /** Generous per-item memory (key, value, item header, slab slack) for sizing {@code memcached -m}. */
  private static final long BYTES_PER_ITEM = 200;
  private static final int MIN_MEMORY_MB = 64;

  private FailoverDemo() {}

  /** Runs every strategy; progress is drawn on {@code progressOut} (null for none). */
  public static DemoReport run(DemoOptions options, PrintStream progressOut) {
    long start = System.nanoTime();
    int victim = new Random(options.seed()).nextInt(options.nodes());
    StrategyKind[] kinds = StrategyKind.values();
    ProgressBar progress = ProgressBar.on(progressOut, kinds.length * FailoverSchedule.workUnits(options.keys()));
    List<StrategyResult> results = new ArrayList<>();
    progress.label("starting " + options.nodes() + " memcached nodes");
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(options.nodes())
        .memoryMb(memoryMb(options)).start()) {
      FailoverSchedule schedule = new FailoverSchedule(cluster, victim, options.keys(), options.seed(), progress);
      for (StrategyKind kind : kinds) {
        if (!results.isEmpty()) {
          progress.label("restarting every node: the next strategy starts on an empty cluster");
          cluster.nodes().forEach(MemcachedNode::restart);
        }
        results.add(schedule.run(kind));
      }
    } finally {
      progress.finish();
    }
    return new DemoReport(options.nodes(), options.keys(), options.seed(), victim, results,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Room for every copy (two with pairs) of every key on each node, with slack; never below 64 MB. */
  static int memoryMb(DemoOptions options) {
    long items = 2L * (options.keys() + (long) (options.keys() * FailoverSchedule.ADDED_WHILE_DOWN));
    long perNode = items * BYTES_PER_ITEM / (options.nodes() - 1);
    return (int) Math.max(MIN_MEMORY_MB, perNode / (1024 * 1024) + 1);
  }
}
