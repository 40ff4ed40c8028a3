package io.mcjcache.routing;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable snapshot of the cluster as the router needs it: which nodes are alive, and for each
 * node its down episodes that are not closed yet. The health component owns the only mutable
 * reference and publishes a new view per transition (copy-on-write); every cache operation reads
 * the current one without locking.
 *
 * <p>A node with an open episode is dead. A node that is alive but still has unclosed episodes is
 * <em>recovering</em>: it may lack keys written while it was away, and other nodes may hold copies
 * diverted to them meanwhile, so its misses fall back and writes delete those copies.
 *
 * <p>A dead node may be <em>returning</em>: it was flushed after coming back and waits, still dead for
 * reads and writes, until every host sharing the cluster record has had time to see that; meanwhile writes
 * of its keys also delete its copy, so that it holds nothing another host could have superseded by writing
 * around it (docs/operations.md, "Across hosts: the cluster record").
 *
 * <p>Transitions are idempotent where a racing caller could repeat them ({@code nodeDown} of a dead
 * node, {@code nodeUp} of a live one, closing an unknown episode all return this view), so two
 * probes that see the same failure cannot corrupt the history.
 */
public final class ClusterView {
  /** Unclosed episodes kept per node; beyond that the two oldest are merged into one. */
  public static final int MAX_EPISODES_PER_NODE = 4;

  private static final DownEpisode[] NONE = new DownEpisode[0];

  private final int nodeCount;
  private final NodeSet dead;
  private final NodeSet returning;
  private final DownEpisode[][] episodes;
  private final long nextEpisodeId;

  private ClusterView(int nodeCount, NodeSet dead, NodeSet returning, DownEpisode[][] episodes,
      long nextEpisodeId) {
    this.nodeCount = nodeCount;
    this.dead = dead;
    this.returning = returning;
    this.episodes = episodes;
    this.nextEpisodeId = nextEpisodeId;
  }

  /** The initial view: {@code nodeCount} nodes, all alive, no history. */
  public static ClusterView allAlive(int nodeCount) {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("nodeCount must be at least 1, was " + nodeCount);
    }
    DownEpisode[][] episodes = new DownEpisode[nodeCount][];
    Arrays.fill(episodes, NONE);
    return new ClusterView(nodeCount, NodeSet.empty(), NodeSet.empty(), episodes, 1);
  }

  /** A view as another process published it ({@link ClusterViewBytes}); checks what it can. */
  static ClusterView restored(int nodeCount, NodeSet dead, NodeSet returning, DownEpisode[][] episodes,
      long nextEpisodeId) {
    for (int node : returning.toArray()) {
      if (!dead.contains(node)) {
        throw new IllegalArgumentException("node " + node + " is returning but not dead");
      }
    }
    for (int node = 0; node < nodeCount; node++) {
      DownEpisode[] own = episodes[node];
      boolean open = own.length > 0 && own[own.length - 1].isOpen();
      if (open != dead.contains(node)) {
        throw new IllegalArgumentException("node " + node + (open ? " has an open episode but is not dead"
            : " is dead without an open episode"));
      }
      for (int i = 0; i < own.length - 1; i++) {
        if (own[i].isOpen()) {
          throw new IllegalArgumentException("node " + node + " has an open episode before its last");
        }
      }
      if (own.length > MAX_EPISODES_PER_NODE) {
        throw new IllegalArgumentException("node " + node + " has " + own.length + " episodes");
      }
      if (own.length == 0) {
        episodes[node] = NONE;
      }
    }
    return new ClusterView(nodeCount, dead, returning, episodes, nextEpisodeId);
  }

  /** The id the next episode will get; part of what {@link ClusterViewBytes} carries. */
  long nextEpisodeId() {
    return nextEpisodeId;
  }

  public int nodeCount() {
    return nodeCount;
  }

  public boolean isAlive(int node) {
    checkNode(node);
    return !dead.contains(node);
  }

  public int aliveCount() {
    return nodeCount - dead.size();
  }

  /** Whether no node is alive: operations must fail (or miss) at once, without hashing. */
  public boolean allDown() {
    return dead.size() == nodeCount;
  }

  /** The nodes currently dead. */
  public NodeSet deadNodes() {
    return dead;
  }

  /**
   * Dead, flushed, and waiting for every host to see its return: writes of its keys delete its copy
   * ({@link Router#planWrite}).
   */
  public boolean isReturning(int node) {
    checkNode(node);
    return returning.contains(node);
  }

  /** The nodes returning now (a subset of the dead ones). */
  public NodeSet returningNodes() {
    return returning;
  }

  /** The node's unclosed episodes, oldest first (the last one is open while the node is dead). */
  public List<DownEpisode> episodes(int node) {
    checkNode(node);
    return List.of(episodes[node]);
  }

  /** Alive, but with unclosed episodes: misses may fall back and writes delete diverted copies. */
  public boolean isRecovering(int node) {
    checkNode(node);
    return !dead.contains(node) && episodes[node].length > 0;
  }

  /** The node's state as operators see it ({@link NodeStatus}). */
  public NodeStatus status(int node) {
    if (isReturning(node)) {
      return NodeStatus.RETURNING;
    }
    if (!isAlive(node)) {
      return NodeStatus.DEAD;
    }
    return isRecovering(node) ? NodeStatus.RECOVERING : NodeStatus.ALIVE;
  }

  /** Whether the node has any unclosed episode (open or recovering); no bounds check, hot path. */
  boolean hasHistory(int node) {
    return episodes[node].length > 0;
  }

  /** The node's unclosed episodes without copying; callers in this package must not modify it. */
  DownEpisode[] episodesOf(int node) {
    return episodes[node];
  }

  /**
   * The view after {@code node} was found dead at {@code atMillis}; this view if already dead. A
   * returning node found dead again stays dead and is no longer returning: it needs another flush.
   */
  public ClusterView nodeDown(int node, long atMillis) {
    checkNode(node);
    if (returning.contains(node)) {
      return new ClusterView(nodeCount, dead, returning.without(node), episodes, nextEpisodeId);
    }
    if (dead.contains(node)) {
      return this;
    }
    NodeSet newDead = dead.with(node);
    DownEpisode[][] next = recordDeadSet(newDead);
    DownEpisode[] own = Arrays.copyOf(next[node], next[node].length + 1);
    own[own.length - 1] = DownEpisode.opened(node, nextEpisodeId, atMillis, newDead);
    next[node] = boundEpisodes(own);
    return new ClusterView(nodeCount, newDead, returning, next, nextEpisodeId + 1);
  }

  /**
   * The view after {@code node} was flushed and waits for every host to see its return: dead (found dead
   * at {@code atMillis} if it was alive here) and returning; this view if already returning.
   */
  public ClusterView nodeReturning(int node, long atMillis) {
    checkNode(node);
    if (returning.contains(node)) {
      return this;
    }
    ClusterView down = nodeDown(node, atMillis);
    return new ClusterView(nodeCount, down.dead, returning.with(node), down.episodes, down.nextEpisodeId);
  }

  /** The view after {@code node} came back at {@code atMillis} (now recovering); this view if alive. */
  public ClusterView nodeUp(int node, long atMillis) {
    checkNode(node);
    if (!dead.contains(node)) {
      return this;
    }
    NodeSet newDead = dead.without(node);
    DownEpisode[] own = episodes[node].clone();
    own[own.length - 1] = own[own.length - 1].ended(atMillis);
    DownEpisode[][] next = recordDeadSet(newDead);
    next[node] = own;
    return new ClusterView(nodeCount, newDead, returning.without(node), next, nextEpisodeId);
  }

  /**
   * The view after the episode {@code episodeId} of {@code node} was closed: its diverted copies
   * were moved back or the recovery window passed. This view if there is no such unclosed episode
   * (already closed, or merged into a newer one, which must then be closed itself).
   *
   * @throws IllegalStateException if the episode is still open (the node is down)
   */
  public ClusterView episodeClosed(int node, long episodeId) {
    checkNode(node);
    DownEpisode[] own = episodes[node];
    for (int i = 0; i < own.length; i++) {
      if (own[i].id() == episodeId) {
        if (own[i].isOpen()) {
          throw new IllegalStateException("cannot close the open episode " + own[i]
              + ": node " + node + " is still down");
        }
        DownEpisode[] remaining = new DownEpisode[own.length - 1];
        System.arraycopy(own, 0, remaining, 0, i);
        System.arraycopy(own, i + 1, remaining, i, own.length - i - 1);
        return withEpisodes(node, remaining.length == 0 ? NONE : remaining);
      }
    }
    return this;
  }

  /**
   * The view with every ended episode whose node came back before {@code cutoffMillis} closed;
   * health calls it with {@code now - recoveryWindowSec} (the router itself reads no clock).
   */
  public ClusterView closeEpisodesEndedBefore(long cutoffMillis) {
    ClusterView view = this;
    for (int node = 0; node < nodeCount; node++) {
      for (DownEpisode episode : episodes[node]) {
        if (!episode.isOpen() && episode.endMillis().getAsLong() < cutoffMillis) {
          view = view.episodeClosed(node, episode.id());
        }
      }
    }
    return view;
  }

  private ClusterView withEpisodes(int node, DownEpisode[] own) {
    DownEpisode[][] next = episodes.clone();
    next[node] = own;
    return new ClusterView(nodeCount, dead, returning, next, nextEpisodeId);
  }

  /** A copy of the episode table where every open episode has also seen {@code newDead}. */
  private DownEpisode[][] recordDeadSet(NodeSet newDead) {
    DownEpisode[][] next = episodes.clone();
    for (int deadNode : dead.toArray()) {
      DownEpisode[] own = next[deadNode].clone();
      int last = own.length - 1;
      own[last] = own[last].withDeadSet(newDead);
      next[deadNode] = own;
    }
    return next;
  }

  private static DownEpisode[] boundEpisodes(DownEpisode[] own) {
    if (own.length <= MAX_EPISODES_PER_NODE) {
      return own;
    }
    DownEpisode[] bounded = new DownEpisode[own.length - 1];
    bounded[0] = own[0].mergedWith(own[1]);
    System.arraycopy(own, 2, bounded, 1, own.length - 2);
    return bounded;
  }

  private void checkNode(int node) {
    if (node < 0 || node >= nodeCount) {
      throw new IllegalArgumentException(
          "node index " + node + " out of range: the cluster has " + nodeCount + " nodes");
    }
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ClusterView[nodes=").append(nodeCount)
        .append(", dead=").append(dead);
    if (!returning.isEmpty()) {
      sb.append(", returning=").append(returning);
    }
    for (int node = 0; node < nodeCount; node++) {
      if (episodes[node].length > 0) {
        sb.append(", ").append(node).append('=').append(Arrays.toString(episodes[node]));
      }
    }
    return sb.append(']').toString();
  }
}
