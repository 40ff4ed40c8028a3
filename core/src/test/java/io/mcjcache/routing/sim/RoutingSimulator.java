package io.mcjcache.routing.sim;

import io.mcjcache.routing.MirrorMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Drives the routing strategies through one failure schedule on simulated nodes and prints a
 * Markdown table (docs/routing.md). Per cluster size and per way the dead node returns:
 * load K keys; kill one node; read every key; overwrite a fifth of the keys while it is down;
 * bring the node back (restarted empty, or with its old data as after a hang); read every key.
 *
 * <p>"moved" counts keys whose first write target changed at the event; "hits" is the share of
 * reads that found a value; "stale" counts reads that returned an overwritten value.
 *
 * <p>Run: {@code mvn -B -q -pl provider -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.mcjcache.routing.sim.RoutingSimulator} (optional argument: keys per run).
 */
public final class RoutingSimulator {
  private static final int[] CLUSTER_SIZES = {8, 64, 1000};
  private static final double OVERWRITTEN_SHARE = 0.2;

  private final int keyCount;

  private RoutingSimulator(int keyCount) {
    this.keyCount = keyCount;
  }

  public static void main(String[] args) {
    int keys = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long started = System.nanoTime();
    new RoutingSimulator(keys).run();
    System.out.printf("%n%d keys per run; total %.1f s%n", keys, (System.nanoTime() - started) / 1e9);
  }

  private void run() {
    System.out.println("| nodes | strategy | node returns | moved at kill | hits while down"
        + " | moved at return | hits after return | stale reads after return |");
    System.out.println("|---:|---|---|---:|---:|---:|---:|---:|");
    for (int n : CLUSTER_SIZES) {
      for (boolean withData : new boolean[] {false, true}) {
        for (Function<SimNodes, Strategy> strategy : strategies()) {
          long ms = System.nanoTime();
          Result result = schedule(n, strategy.apply(new SimNodes(n)), withData);
          System.out.println(result.row(n, withData ? "with old data" : "restarted empty"));
          System.err.printf("  (%s, %d nodes: %.2f s)%n", result.strategy,
              n, (System.nanoTime() - ms) / 1e9);
        }
      }
    }
  }

  private static List<Function<SimNodes, Strategy>> strategies() {
    List<Function<SimNodes, Strategy>> list = new ArrayList<>();
    list.add(LiveModuloStrategy::new);
    list.add(KetamaStrategy::new);
    list.add(nodes -> new RouterStrategy("(c) configured count + rehash", nodes, MirrorMode.NONE, false));
    list.add(nodes -> new RouterStrategy("(d) (c) + pairs", nodes, MirrorMode.PAIRS, false));
    list.add(nodes -> new RouterStrategy("(e) (d) + recovery fallback", nodes, MirrorMode.PAIRS, true));
    return list;
  }

  private Result schedule(int n, Strategy strategy, boolean withData) {
    String[] keys = new String[keyCount];
    long[] truth = new long[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = "user:" + i;
      truth[i] = 1;
      strategy.write(keys[i], 1);
    }
    int victim = 1;
    Result result = new Result(strategy.name());

    int[] before = firstTargets(strategy, keys);
    strategy.kill(victim);
    result.movedAtKill = countChanged(before, firstTargets(strategy, keys));
    result.hitsWhileDown = readPass(strategy, keys, truth, null);

    Random random = new Random(42);
    long version = 1;
    for (int i = 0; i < keyCount; i++) {
      if (random.nextDouble() < OVERWRITTEN_SHARE) {
        truth[i] = ++version;
        strategy.write(keys[i], truth[i]);
      }
    }

    before = firstTargets(strategy, keys);
    strategy.revive(victim, withData);
    result.movedAtReturn = countChanged(before, firstTargets(strategy, keys));
    int[] stale = new int[1];
    result.hitsAfter = readPass(strategy, keys, truth, stale);
    result.staleAfter = stale[0];
    return result;
  }

  private static int[] firstTargets(Strategy strategy, String[] keys) {
    int[] targets = new int[keys.length];
    for (int i = 0; i < keys.length; i++) {
      targets[i] = strategy.firstTarget(keys[i]);
    }
    return targets;
  }

  private static int countChanged(int[] before, int[] after) {
    int changed = 0;
    for (int i = 0; i < before.length; i++) {
      if (before[i] != after[i]) {
        changed++;
      }
    }
    return changed;
  }

  /** Reads every key; returns the hit count and adds reads of a superseded value to {@code stale[0]}. */
  private static int readPass(Strategy strategy, String[] keys, long[] truth, int[] stale) {
    int hits = 0;
    for (int i = 0; i < keys.length; i++) {
      Long value = strategy.read(keys[i]);
      if (value != null) {
        hits++;
        if (value != truth[i] && stale != null) {
          stale[0]++;
        }
      }
    }
    return hits;
  }

  private final class Result {
    final String strategy;
    int movedAtKill;
    int hitsWhileDown;
    int movedAtReturn;
    int hitsAfter;
    int staleAfter;

    Result(String strategy) {
      this.strategy = strategy;
    }

    String row(int n, String returns) {
      return String.format("| %d | %s | %s | %d (%.1f%%) | %.1f%% | %d (%.1f%%) | %.1f%% | %d (%.2f%%) |",
          n, strategy, returns, movedAtKill, pct(movedAtKill), pct(hitsWhileDown),
          movedAtReturn, pct(movedAtReturn), pct(hitsAfter), staleAfter, pct(staleAfter));
    }

    private double pct(int count) {
      return 100.0 * count / keyCount;
    }
  }
}
