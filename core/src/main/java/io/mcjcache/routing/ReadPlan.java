package io.mcjcache.routing;

import java.util.Objects;

/**
 * The nodes one read of a key may try, and how a miss differs from a failure.
 *
 * <p>The executor walks {@code nodes} in order. A <em>failure</em> (error, timeout) always moves on
 * to the next node. A <em>miss</em> at position i moves on only if {@code i + 1 >= fallbackFrom}:
 * before that point a miss is authoritative ("try M if P fails"), from there on the missing node may
 * lack the key because it was away, so the copies made meanwhile are consulted ("try M if P misses").
 * A hit at a position {@code >= fallbackFrom} is first copied with {@code add} (never overwriting a
 * newer value) to {@code repairTarget}, if that node answered with a miss, then served.
 *
 * @param nodes the nodes to try, in order; empty when every node is down
 * @param fallbackFrom the first position that is a fallback read; {@code nodes.size()} when none is
 * @param repairTarget the node to read-repair after a fallback hit, or -1 when there is no fallback
 */
public record ReadPlan(NodeList nodes, int fallbackFrom, int repairTarget) {
  private static final ReadPlan ALL_DOWN = new ReadPlan(NodeList.empty(), 0, -1);

  public ReadPlan {
    Objects.requireNonNull(nodes, "nodes");
    if (fallbackFrom < 0 || fallbackFrom > nodes.size()) {
      throw new IllegalArgumentException("fallbackFrom " + fallbackFrom + " outside [0, " + nodes.size() + "]");
    }
    if (repairTarget >= 0 && !nodes.contains(repairTarget)) {
      throw new IllegalArgumentException("repair target " + repairTarget + " is not in " + nodes);
    }
  }

  static ReadPlan allDownPlan() {
    return ALL_DOWN;
  }

  /** Whether no node can be read: fail (allDown=error) or miss (allDown=miss). */
  public boolean allDown() {
    return nodes.isEmpty();
  }

  /** Whether the node at {@code position} is a fallback read (consulted after a miss). */
  public boolean isFallback(int position) {
    return position >= fallbackFrom;
  }

  /** Whether a miss at {@code position} should move on to the next node. */
  public boolean continueAfterMiss(int position) {
    return position + 1 >= fallbackFrom && position + 1 < nodes.size();
  }

  @Override
  public String toString() {
    if (allDown()) {
      return "ReadPlan[all down]";
    }
    StringBuilder sb = new StringBuilder("ReadPlan[");
    for (int i = 0; i < nodes.size(); i++) {
      if (i > 0) {
        sb.append(i == fallbackFrom ? " | on miss: " : ", ");
      } else if (fallbackFrom == 0) {
        sb.append("on miss: ");
      }
      sb.append(nodes.get(i));
    }
    if (repairTarget >= 0) {
      sb.append(", repair ").append(repairTarget);
    }
    return sb.append(']').toString();
  }
}
