package io.mcjcache.routing;

import java.util.Arrays;

/**
 * The nodes that may hold a copy of a key written while its home P or its partner M was down:
 * for every dead set recorded by an unclosed episode of P or M, the holders {@link Placement} gives
 * under that set. Those copies are stale as soon as the key is written without them, so writes
 * delete them; and while the holders may lack the key, reads may fall back to them.
 *
 * <p>Nodes that currently hold the key, and dead nodes (they cannot be reached; a node that returns
 * with data is flushed by health), are left out. Order: P's episodes before M's, newest dead set
 * first, because the newest diverted copy is the freshest.
 */
final class DivertedCopies {
  private final Placement placement;
  private final int nodeCount;

  DivertedCopies(Placement placement, int nodeCount) {
    this.placement = placement;
    this.nodeCount = nodeCount;
  }

  /**
   * Nodes to delete the key on after a write to {@code holders}. A wide episode makes it every
   * live node, because the copies may be anywhere.
   */
  NodeList forDelete(byte[] key, int home, int partner, ClusterView view, int[] holders, int holderCount) {
    if (!hasHistory(view, home, partner)) {
      return NodeList.empty();
    }
    if (isWide(view, home) || (partner >= 0 && isWide(view, partner))) {
      return allAliveExcept(view, holders, holderCount);
    }
    return collect(key, home, partner, view, holders, holderCount);
  }

  /**
   * Nodes a read may fall back to after the holders missed. Wide episodes are skipped: reading
   * every node to find a copy is not worth it, and not finding one is only a miss.
   */
  NodeList forRead(byte[] key, int home, int partner, ClusterView view, int[] holders, int holderCount) {
    if (!hasHistory(view, home, partner)) {
      return NodeList.empty();
    }
    return collect(key, home, partner, view, holders, holderCount);
  }

  private static boolean hasHistory(ClusterView view, int home, int partner) {
    return view.hasHistory(home) || (partner >= 0 && view.hasHistory(partner));
  }

  private static boolean isWide(ClusterView view, int node) {
    for (DownEpisode episode : view.episodesOf(node)) {
      if (episode.isWide()) {
        return true;
      }
    }
    return false;
  }

  private NodeList collect(byte[] key, int home, int partner, ClusterView view, int[] holders, int holderCount) {
    Collector out = new Collector(view, holders, holderCount);
    addEpisodes(out, key, home, view.episodesOf(home));
    if (partner >= 0) {
      addEpisodes(out, key, home, view.episodesOf(partner));
    }
    return out.toList();
  }

  private void addEpisodes(Collector out, byte[] key, int home, DownEpisode[] episodes) {
    for (int e = episodes.length - 1; e >= 0; e--) {
      addEpisode(out, key, home, episodes[e]);
    }
  }

  private void addEpisode(Collector out, byte[] key, int home, DownEpisode episode) {
    int[] then = new int[2];
    for (int s = episode.deadSets().size() - 1; s >= 0; s--) {
      int count = placement.holders(key, home, episode.deadSets().get(s), then);
      for (int i = 0; i < count; i++) {
        out.add(then[i]);
      }
    }
  }

  private NodeList allAliveExcept(ClusterView view, int[] holders, int holderCount) {
    Collector out = new Collector(view, holders, holderCount);
    for (int node = 0; node < nodeCount; node++) {
      out.addUnseen(node);
    }
    return out.toList();
  }

  /** Distinct live nodes that are not holders, in insertion order. */
  private static final class Collector {
    private final ClusterView view;
    private final int[] holders;
    private final int holderCount;
    private int[] nodes = new int[4];
    private int size;

    Collector(ClusterView view, int[] holders, int holderCount) {
      this.view = view;
      this.holders = holders;
      this.holderCount = holderCount;
    }

    void add(int node) {
      if (!contains(nodes, size, node)) {
        addUnseen(node);
      }
    }

    /** Adds a node the caller knows is not in the list yet (skips the linear duplicate check). */
    void addUnseen(int node) {
      if (view.deadNodes().contains(node) || contains(holders, holderCount, node)) {
        return;
      }
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, size * 2);
      }
      nodes[size++] = node;
    }

    NodeList toList() {
      return NodeList.wrap(nodes, size);
    }

    private static boolean contains(int[] array, int length, int node) {
      for (int i = 0; i < length; i++) {
        if (array[i] == node) {
          return true;
        }
      }
      return false;
    }
  }
}
