package io.mcjcache.routing;

import java.util.Objects;

/**
 * Turns a key and a {@link ClusterView} into the plan of which nodes to touch. Stateless apart from
 * its settings and free of I/O, clocks and shared mutable state: the same key and view give the same
 * plan in every client, which is what lets clients agree on placement without talking to each other.
 *
 * <p>The plan for one key is composed from small pieces, each one idea of the routing contract:
 * {@link KeyHash} and {@link HashAlgorithm} pick the home P; {@link MirrorMode} pairs it with M;
 * {@link Rehash} replaces dead nodes; {@link Placement} combines those into the holders of the key's
 * copies; {@link DivertedCopies} replays the unclosed {@link DownEpisode}s of P and M to find copies
 * written elsewhere while they were away.
 */
public final class Router {
  private final RoutingSettings settings;
  private final Placement placement;
  private final DivertedCopies diverted;

  public Router(RoutingSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.placement = new Placement(settings);
    this.diverted = new DivertedCopies(placement, settings.nodeCount());
  }

  public RoutingSettings settings() {
    return settings;
  }

  /** The key's home node P: {@code unsigned(h(key)) mod N}, or jump hash over N buckets. */
  public int home(byte[] key) {
    return placement.home(Objects.requireNonNull(key, "key"));
  }

  /**
   * The node that holds the mirror copies of {@code node}'s keys while both are alive: {@code node ^ 1}, the
   * last node of an odd count pairing with node 0; -1 without mirroring. For readers outside the router
   * (health reports) that must not restate the rule.
   */
  public int partner(int node) {
    return placement.partner(node);
  }

  /** The nodes that hold the key's copies in {@code view}, primary first (the write targets). */
  public NodeList holders(byte[] key, ClusterView view) {
    checkView(view);
    int[] holders = new int[2];
    return NodeList.wrap(holders, placement.holders(key, placement.home(key), view.deadNodes(), holders));
  }

  /**
   * Where to write the key, and where to delete copies that the write makes stale: diverted copies, and
   * the copy on a returning node that would hold the key (written by no one until its return, deleted
   * so that a host that takes the node back first never reads what a later write went around).
   */
  public WritePlan planWrite(byte[] key, ClusterView view) {
    KeyPlacement placed = place(key, view);
    if (placed == null) {
      return WritePlan.allDownPlan();
    }
    return new WritePlan(placed.holderList(), staleCopies(key, view, placed));
  }

  /**
   * Where to read the key. While P is dead its partner is read first: it holds everything P had
   * plus every write since, whereas the rehash target only has the writes since.
   */
  public ReadPlan planRead(byte[] key, ClusterView view) {
    KeyPlacement placed = place(key, view);
    return placed == null ? ReadPlan.allDownPlan() : readPlan(key, view, placed);
  }

  /**
   * How to run an atomic read-modify-write of the key. The authority is the node a read tries first (P,
   * or M while P is dead): an update decided there is what the next read finds, even while the update
   * is still bringing its follower to the result. It is repaired first from exactly the nodes a read
   * consults after a miss there (the authority is recovering), so that an update decides on what a read
   * of the key would return, never on a copy that reads treat as gone.
   */
  public AtomicPlan planAtomic(byte[] key, ClusterView view) {
    KeyPlacement placed = place(key, view);
    if (placed == null) {
      return AtomicPlan.allDownPlan();
    }
    ReadPlan read = readPlan(key, view, placed);
    int authority = read.nodes().get(0);
    NodeList followers = withoutNode(placed.holderList(), authority);
    NodeList repairSources = read.continueAfterMiss(0)
        ? withoutNode(read.nodes(), authority)
        : NodeList.empty();
    return new AtomicPlan(authority, followers, repairSources, staleCopies(key, view, placed));
  }

  /** The read plan of a placed key: its holders (M before R while P is dead), then its diverted copies. */
  private ReadPlan readPlan(byte[] key, ClusterView view, KeyPlacement placed) {
    int[] holders = placed.holders();
    if (placed.count() == 2 && holders[1] == placed.partner() && !view.isAlive(placed.home())) {
      holders = new int[] {placed.partner(), holders[0]}; // a new array: the placement stays primary first
    }
    return readPlan(holders, placed.count(),
        diverted.forRead(key, placed.home(), placed.partner(), view, holders, placed.count()), view);
  }

  /** Where the key's copies live under {@code view}; null when every node is dead. */
  private KeyPlacement place(byte[] key, ClusterView view) {
    checkView(view);
    if (view.allDown()) {
      return null;
    }
    int home = placement.home(key);
    int[] holders = new int[2];
    int count = placement.holders(key, home, view.deadNodes(), holders);
    return new KeyPlacement(home, placement.partner(home), holders, count);
  }

  /** The copies a write to the holders makes stale: diverted copies and a returning node's copy. */
  private NodeList staleCopies(byte[] key, ClusterView view, KeyPlacement placed) {
    NodeList diverted = this.diverted.forDelete(key, placed.home(), placed.partner(), view, placed.holders(),
        placed.count());
    return withReturning(diverted, key, placed.home(), view);
  }

  /** {@code deletes} and the returning nodes that would hold the key if they were alive. */
  private NodeList withReturning(NodeList deletes, byte[] key, int home, ClusterView view) {
    NodeSet returning = view.returningNodes();
    if (returning.isEmpty()) {
      return deletes;
    }
    NodeSet othersDead = view.deadNodes();
    for (int node : returning.toArray()) {
      othersDead = othersDead.without(node);
    }
    int[] wouldHold = new int[2];
    int count = placement.holders(key, home, othersDead, wouldHold);
    int[] out = new int[deletes.size() + count];
    int n = 0;
    for (int i = 0; i < deletes.size(); i++) {
      out[n++] = deletes.get(i);
    }
    for (int i = 0; i < count; i++) {
      if (returning.contains(wouldHold[i]) && !deletes.contains(wouldHold[i])) {
        out[n++] = wouldHold[i];
      }
    }
    return n == deletes.size() ? deletes : NodeList.wrap(out, n);
  }

  private static ReadPlan readPlan(int[] holders, int count, NodeList history, ClusterView view) {
    int[] nodes = new int[count + history.size()];
    System.arraycopy(holders, 0, nodes, 0, count);
    for (int i = 0; i < history.size(); i++) {
      nodes[count + i] = history.get(i);
    }
    int fallbackFrom = count;
    for (int i = 0; i < count; i++) {
      if (view.isRecovering(holders[i])) {
        fallbackFrom = i + 1;
        break;
      }
    }
    if (fallbackFrom >= nodes.length) {
      return new ReadPlan(NodeList.wrap(nodes, nodes.length), nodes.length, -1);
    }
    return new ReadPlan(NodeList.wrap(nodes, nodes.length), fallbackFrom, nodes[fallbackFrom - 1]);
  }

  private static NodeList withoutNode(NodeList list, int node) {
    int[] out = new int[list.size()];
    int n = 0;
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) != node) {
        out[n++] = list.get(i);
      }
    }
    return NodeList.wrap(out, n);
  }

  private void checkView(ClusterView view) {
    Objects.requireNonNull(view, "view");
    if (view.nodeCount() != settings.nodeCount()) {
      throw new IllegalArgumentException("the view has " + view.nodeCount()
          + " nodes but the router was configured for " + settings.nodeCount());
    }
  }

  @Override
  public String toString() {
    return "Router[" + settings + ", KeyHash v" + KeyHash.VERSION + "]";
  }

  /**
   * A key's home, its partner (-1 without mirroring) and its holders under one view, primary first:
   * what every plan starts from.
   */
  private record KeyPlacement(int home, int partner, int[] holders, int count) {
    NodeList holderList() {
      return NodeList.wrap(holders, count);
    }
  }
}
