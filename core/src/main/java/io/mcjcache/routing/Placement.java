package io.mcjcache.routing;

/**
 * Where the copies of a key live for a given set of dead nodes: its home, its partner and, for
 * the ones that are dead, rehash targets. This is the single rule both for where writes go now and
 * for where they went under a dead set an episode recorded, which is what makes the recovery
 * history recomputable instead of stored per key.
 *
 * <p>With pairs: home P alive gives [P, M], or [P, rehash(k, {P, M})] when M is dead, so that the key
 * keeps two live copies whenever two nodes are alive; P dead gives [rehash(k, {P, M}), M], or two
 * distinct rehash targets when M is dead too. Without mirror: [P] or [rehash(k, {P})].
 */
final class Placement {
  private final int nodeCount;
  private final MirrorMode mirror;
  private final HashAlgorithm algorithm;
  private final Rehash rehash;

  Placement(RoutingSettings settings) {
    this.nodeCount = settings.nodeCount();
    this.mirror = settings.mirror();
    this.algorithm = settings.hash();
    this.rehash = new Rehash(nodeCount, algorithm);
  }

  int home(byte[] key) {
    return algorithm.bucket(KeyHash.hash(key), nodeCount);
  }

  /** The partner of {@code node} ({@code node ^ 1}, the last node of an odd count pairs with 0), or -1. */
  int partner(int node) {
    if (mirror == MirrorMode.NONE) {
      return -1;
    }
    int partner = node ^ 1;
    return partner < nodeCount ? partner : 0;
  }

  /**
   * Fills {@code out} (length >= 2) with the nodes that hold the key's copies under {@code dead},
   * primary first; returns how many (0 only when every node is dead).
   */
  int holders(byte[] key, int home, NodeSet dead, int[] out) {
    if (dead.size() == nodeCount) {
      return 0;
    }
    int partner = partner(home);
    int[] excluded = {home, partner, -1};
    if (partner < 0) {
      if (!dead.contains(home)) {
        out[0] = home;
        return 1;
      }
      return append(out, 0, rehash.target(key, dead, excluded, 1));
    }
    if (!dead.contains(home)) {
      out[0] = home;
      if (!dead.contains(partner)) {
        out[1] = partner;
        return 2;
      }
      return append(out, 1, rehash.target(key, dead, excluded, 2));
    }
    int first = rehash.target(key, dead, excluded, 2);
    int count = append(out, 0, first);
    if (!dead.contains(partner)) {
      return append(out, count, partner);
    }
    excluded[2] = first;
    return append(out, count, rehash.target(key, dead, excluded, 3));
  }

  private static int append(int[] out, int count, int node) {
    if (node < 0) {
      return count;
    }
    out[count] = node;
    return count + 1;
  }
}
