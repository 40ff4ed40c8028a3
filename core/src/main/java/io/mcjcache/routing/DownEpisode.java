package io.mcjcache.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * One stretch of time during which a node was dead, kept until the copies that other nodes received
 * in its place have been cleaned up (the episode is "closed").
 *
 * <p>While node P is dead, a write of key k goes to {@code rehash(k, dead, {P, M})}, which depends on
 * which other nodes were dead at that moment. So instead of remembering keys, an episode remembers
 * every distinct <em>dead set</em> that was in force while it was open; from those the router can
 * recompute, for any key, every node that may hold a copy written during the downtime. The list is
 * ordered by when each set was last in force, newest last, because the newest diverted copy is the
 * freshest one to read back.
 *
 * <p>The list is bounded by {@link #MAX_DEAD_SETS}. An episode that saw more distinct dead sets
 * becomes <em>wide</em>: the copies may be on any node, so writes delete on every live node and
 * reads do not fall back to diverted copies at all (forgetting is allowed, lying is not).
 */
public final class DownEpisode {
  /** How many distinct dead sets an episode remembers before it becomes wide. */
  public static final int MAX_DEAD_SETS = 8;

  private static final long OPEN = Long.MIN_VALUE;

  private final int node;
  private final long id;
  private final long startMillis;
  private final long endMillis;
  private final List<NodeSet> deadSets;
  private final boolean wide;

  private DownEpisode(int node, long id, long startMillis, long endMillis,
      List<NodeSet> deadSets, boolean wide) {
    this.node = node;
    this.id = id;
    this.startMillis = startMillis;
    this.endMillis = endMillis;
    this.deadSets = deadSets;
    this.wide = wide;
  }

  /** An episode as another process published it ({@link ClusterViewBytes}). */
  static DownEpisode restored(int node, long id, long startMillis, long endMillis, boolean open,
      List<NodeSet> deadSets, boolean wide) {
    return new DownEpisode(node, id, startMillis, open ? OPEN : endMillis,
        wide ? List.of() : List.copyOf(deadSets), wide);
  }

  static DownEpisode opened(int node, long id, long atMillis, NodeSet dead) {
    return new DownEpisode(node, id, atMillis, OPEN, List.of(dead), false);
  }

  /** The node that was down. */
  public int node() {
    return node;
  }

  /** Identifies the episode within one view's history; used to close it. */
  public long id() {
    return id;
  }

  public long startMillis() {
    return startMillis;
  }

  /** When the node came back; empty while it is still down. */
  public OptionalLong endMillis() {
    return endMillis == OPEN ? OptionalLong.empty() : OptionalLong.of(endMillis);
  }

  /** Whether the node is still down in this episode. */
  public boolean isOpen() {
    return endMillis == OPEN;
  }

  /** Whether the dead sets overflowed, so that diverted copies may be on any node. */
  public boolean isWide() {
    return wide;
  }

  /** The distinct dead sets seen while open, oldest first; empty once wide. */
  public List<NodeSet> deadSets() {
    return deadSets;
  }

  /** This episode having also seen {@code dead} (moved to newest if already known). */
  DownEpisode withDeadSet(NodeSet dead) {
    if (wide || (!deadSets.isEmpty() && deadSets.get(deadSets.size() - 1).equals(dead))) {
      return this;
    }
    List<NodeSet> sets = new ArrayList<>(deadSets);
    sets.remove(dead);
    sets.add(dead);
    if (sets.size() > MAX_DEAD_SETS) {
      return new DownEpisode(node, id, startMillis, endMillis, List.of(), true);
    }
    return new DownEpisode(node, id, startMillis, endMillis, Collections.unmodifiableList(sets), false);
  }

  DownEpisode ended(long atMillis) {
    return new DownEpisode(node, id, startMillis, atMillis, deadSets, wide);
  }

  /**
   * One episode covering this (older) one and {@code newer}: every dead set of both, the older
   * start, the newer end and id. Used when a flapping node has too many unclosed episodes; closing
   * the older id afterwards is then a no-op, which errs on the side of deleting more.
   */
  DownEpisode mergedWith(DownEpisode newer) {
    if (wide || newer.wide) {
      return new DownEpisode(node, newer.id, startMillis, newer.endMillis, List.of(), true);
    }
    DownEpisode merged = new DownEpisode(node, newer.id, startMillis, newer.endMillis, deadSets, false);
    for (NodeSet set : newer.deadSets) {
      merged = merged.withDeadSet(set);
    }
    return merged;
  }

  @Override
  public String toString() {
    return "DownEpisode[node=" + node + ", id=" + id + ", start=" + startMillis
        + ", end=" + (isOpen() ? "open" : Long.toString(endMillis))
        + (wide ? ", wide" : ", deadSets=" + deadSets) + "]";
  }
}
