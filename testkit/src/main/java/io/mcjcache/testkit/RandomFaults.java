package io.mcjcache.testkit;

import java.util.Locale;
import java.util.Random;

/**
 * The step of a random fault schedule, for tests that disturb a cluster while clients run: a healthy node
 * is killed or paused (while fewer than {@code maxDisturbed} nodes are down), a disturbed one is resumed
 * (if paused) or restarted. Seeded by the caller's {@link Random}, so that a schedule's choices replay.
 */
public final class RandomFaults {
  /** What a step does to its node. */
  public enum Action {
    KILL, PAUSE, RESUME, RESTART;

    /** Lower case, as fault logs print it. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private RandomFaults() {}

  /**
   * The action for {@code node}, or null when it is healthy and {@code maxDisturbed} nodes are already
   * killed or paused.
   */
  public static Action choose(MemcachedCluster cluster, MemcachedNode node, Random random, int maxDisturbed) {
    long disturbed = cluster.nodes().stream().filter(n -> !n.isRunning() || n.isPaused()).count();
    boolean healthy = node.isRunning() && !node.isPaused();
    if (healthy) {
      return disturbed < maxDisturbed ? (random.nextBoolean() ? Action.KILL : Action.PAUSE) : null;
    }
    return node.isPaused() && random.nextBoolean() ? Action.RESUME : Action.RESTART;
  }

  /** Does {@code action} to {@code node}. */
  public static void apply(MemcachedNode node, Action action) {
    switch (action) {
      case KILL -> node.kill();
      case PAUSE -> node.pause();
      case RESUME -> node.resume();
      case RESTART -> node.restart();
    }
  }
}
