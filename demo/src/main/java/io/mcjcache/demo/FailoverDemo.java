package io.mcjcache.demo;

import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.testkit.MemcachedNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Runs the whole comparison: starts the cluster, puts every {@link StrategyKind} that can take the chosen
 * {@link Fault} through the {@link FailoverSchedule} on a freshly restarted (empty) cluster so no strategy
 * sees another's data, and stops every memcached process at the end (and the twemproxy process of row (g)
 * after its run). If the JVM is stopped early (Ctrl-C), shutdown hooks and watchdogs (the testkit's,
 * {@link Nutcracker}'s) stop the processes; every client thread the strategies start is a daemon.
 */
public final class FailoverDemo {
  /** Generous per-item memory (key, value, item header, slab slack) for sizing {@code memcached -m}. */
  private static final long BYTES_PER_ITEM = 200;
  private static final int MIN_MEMORY_MB = 64;

  private FailoverDemo() {}

  /**
   * Runs every strategy that can run here; one that cannot (twemproxy not installed) is reported in
   * {@link DemoReport#skipped()} instead. Progress is drawn on {@code progressOut} (null for none).
   */
  public static DemoReport run(DemoOptions options, PrintStream progressOut) {
    return run(options, progressOut, EnumSet.allOf(StrategyKind.class));
  }

  /** Runs only the strategies {@code chosen} (in their order of {@link StrategyKind}), as a test wants. */
  static DemoReport run(DemoOptions options, PrintStream progressOut, Set<StrategyKind> chosen) {
    long start = System.nanoTime();
    int victim = new Random(options.seed()).nextInt(options.nodes());
    List<StrategyKind> kinds = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (StrategyKind kind : EnumSet.copyOf(chosen)) {
      kind.unavailable(options.fault()).ifPresentOrElse(why -> skipped.add(kind.title() + ": skipped, " + why),
          () -> kinds.add(kind));
    }
    ProgressBar progress = ProgressBar.on(progressOut, kinds.size() * FailoverSchedule.workUnits(options.keys()));
    List<StrategyResult> results = new ArrayList<>();
    progress.label("starting " + options.nodes() + " memcached nodes");
    try (MemcachedCluster cluster = MemcachedCluster.builder().nodes(options.nodes())
        .memoryMb(memoryMb(options)).start()) {
      FailoverSchedule schedule = new FailoverSchedule(cluster, victim, options.keys(), options.seed(),
          options.fault(), progress);
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
    return new DemoReport(options.nodes(), options.keys(), options.seed(), options.fault(), victim, results, skipped,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Room for every copy (two with pairs) of every key on each node, with slack; never below 64 MB. */
  static int memoryMb(DemoOptions options) {
    long items = 2L * FailoverSchedule.itemsWritten(options.keys());
    long perNode = items * BYTES_PER_ITEM / (options.nodes() - 1);
    return (int) Math.max(MIN_MEMORY_MB, perNode / (1024 * 1024) + 1);
  }
}
