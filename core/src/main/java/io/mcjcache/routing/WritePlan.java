package io.mcjcache.routing;

import java.util.Objects;

/**
 * The nodes one write of a key touches (set, add, replace, cas, delete, touch).
 *
 * @param targets the nodes to write, in order: the primary (home, or its rehash target while the home
 *                is dead) first, then the mirror. Never a dead node, never a node twice; empty when
 *                every node is down
 * @param fallbackDeletes nodes on which the key must be deleted after the write: live nodes where a copy
 *                        may have been diverted while the home or its partner was down (that copy is
 *                        now stale), and a returning node that would hold the key (see
 *                        {@link ClusterView#isReturning}). Disjoint from {@code targets}
 */
public record WritePlan(NodeList targets, NodeList fallbackDeletes) {
  private static final WritePlan ALL_DOWN = new WritePlan(NodeList.empty(), NodeList.empty());

  public WritePlan {
    Objects.requireNonNull(targets, "targets");
    Objects.requireNonNull(fallbackDeletes, "fallbackDeletes");
  }

  static WritePlan allDownPlan() {
    return ALL_DOWN;
  }

  /** Whether no node can take the write: fail (allDown=error) or drop it (allDown=miss). */
  public boolean allDown() {
    return targets.isEmpty();
  }

  @Override
  public String toString() {
    return allDown() ? "WritePlan[all down]"
        : "WritePlan[write " + targets + (fallbackDeletes.isEmpty() ? "" : ", delete " + fallbackDeletes) + "]";
  }
}
