package io.mcjcache.routing;

import java.util.Objects;

/**
 * Placement questions only tests ask: a node's partner, a key's rehash target, the nodes one episode
 * diverted a key's writes to. The router answers none of them itself (its plans are what the store
 * needs); these are computed from the same pieces ({@link Placement}, {@link Rehash}) under the router's
 * settings, so they agree with its plans.
 */
public final class PlacementProbes {
  private PlacementProbes() {}

  /** The mirror partner of {@code node} under the router's settings, or -1 without mirroring. */
  public static int partner(Router router, int node) {
    int nodes = router.settings().nodeCount();
    if (node < 0 || node >= nodes) {
      throw new IllegalArgumentException("node index " + node + " out of range: the cluster has " + nodes + " nodes");
    }
    return new Placement(router.settings()).partner(node);
  }

  /**
   * The first node of the key's rehash sequence that is alive in {@code view} and not in
   * {@code excluded}, or -1 when there is none.
   */
  public static int rehash(Router router, byte[] key, ClusterView view, NodeSet excluded) {
    RoutingSettings settings = router.settings();
    int[] nodes = excluded.toArray();
    return new Rehash(settings.nodeCount(), settings.hash())
        .target(Objects.requireNonNull(key, "key"), view.deadNodes(), nodes, nodes.length);
  }

  /**
   * Live nodes that a write of the key may have
   * reached because of {@code episode}: the holders under each dead set it recorded, or every live node
   * for a wide episode. Where a migration task looks for the key's diverted copies.
   */
  public static NodeList divertedTargets(Router router, byte[] key, DownEpisode episode, ClusterView view) {
    int nodes = router.settings().nodeCount();
    boolean[] taken = new boolean[nodes];
    if (episode.isWide()) {
      for (int node = 0; node < nodes; node++) {
        taken[node] = view.isAlive(node);
      }
    } else {
      Placement placement = new Placement(router.settings());
      int home = placement.home(key);
      int[] then = new int[2];
      for (int s = episode.deadSets().size() - 1; s >= 0; s--) {
        int count = placement.holders(key, home, episode.deadSets().get(s), then);
        for (int i = 0; i < count; i++) {
          taken[then[i]] |= !view.deadNodes().contains(then[i]);
        }
      }
    }
    int[] out = new int[nodes];
    int n = 0;
    for (int node = 0; node < nodes; node++) {
      if (taken[node]) {
        out[n++] = node;
      }
    }
    return NodeList.wrap(out, n);
  }
}
