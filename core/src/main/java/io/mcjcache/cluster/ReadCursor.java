package io.mcjcache.cluster;

import io.mcjcache.routing.ReadPlan;

/**
 * Where one key's read stands in its {@link ReadPlan}: which node to ask next, and whether the node to
 * repair has answered with a miss. Shared by single and batch reads so both follow the plan the same way.
 */
final class ReadCursor {
  final String key;
  private final ReadPlan plan;
  private final int home;
  private int position;
  private boolean repairTargetMissed;

  ReadCursor(String key, ReadPlan plan, int home) {
    this.key = key;
    this.plan = plan;
    this.home = home;
  }

  int node() {
    return plan.nodes().get(position);
  }

  /** Whether the current node is the key's home: any other node serving it is a failover. */
  boolean atHome() {
    return node() == home;
  }

  boolean isFallback() {
    return plan.isFallback(position);
  }

  /** The node to copy a fallback hit to, or -1 when no repair is due. */
  int repairTarget() {
    return isFallback() && repairTargetMissed ? plan.repairTarget() : -1;
  }

  /** The current node missed; {@code true} when the plan says to ask the next one. */
  boolean missed() {
    if (node() == plan.repairTarget()) {
      repairTargetMissed = true;
    }
    return advanceIf(plan.continueAfterMiss(position));
  }

  /** The current node failed; {@code true} when there is another node to ask. */
  boolean failed() {
    return advanceIf(position + 1 < plan.nodes().size());
  }

  private boolean advanceIf(boolean more) {
    if (more) {
      position++;
    }
    return more;
  }
}
