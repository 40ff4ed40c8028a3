package io.mcjcache.routing;

/**
 * Where a key goes when the nodes that should hold it are dead or already used: the first node of
 * the probe sequence {@code bucket(h(key ++ "#" ++ a))}, a = 1, 2, ... {@value #PROBES}, that is alive
 * and not excluded. The suffix is the byte {@code '#'} followed by the ASCII decimal digits of
 * {@code a} (no sign, no leading zeros), so "k" probes "k#1", "k#2", ...
 *
 * <p>The probe count is fixed (not a function of N) so that the sequence, and therefore placement,
 * is the same for every client. When every probe lands on a dead or excluded node, which with half
 * the nodes eligible happens for one key in 2^32, a walk from {@code unsigned(h(key)) mod N} in
 * steps of +1 takes the first eligible node: it always terminates and every client with the same
 * view picks the same node.
 */
final class Rehash {
  /** Hash probes before the deterministic walk. */
  static final int PROBES = 32;

  private static final int MAX_DIGITS = 10;

  private final int nodeCount;
  private final HashAlgorithm algorithm;

  Rehash(int nodeCount, HashAlgorithm algorithm) {
    this.nodeCount = nodeCount;
    this.algorithm = algorithm;
  }

  /**
   * The rehash target, or -1 when every alive node is excluded (or none is alive; then without
   * hashing at all).
   *
   * @param excluded nodes that must not be chosen (the home and its partner, a first target...);
   *                 only the first {@code excludedCount} entries count, negative entries are ignored
   */
  int target(byte[] key, NodeSet dead, int[] excluded, int excludedCount) {
    if (eligibleCount(dead, excluded, excludedCount) == 0) {
      return -1;
    }
    byte[] probe = new byte[key.length + 1 + MAX_DIGITS];
    System.arraycopy(key, 0, probe, 0, key.length);
    probe[key.length] = '#';
    for (int a = 1; a <= PROBES; a++) {
      int length = writeDecimal(probe, key.length + 1, a);
      int node = algorithm.bucket(KeyHash.hash(probe, 0, length), nodeCount);
      if (isEligible(node, dead, excluded, excludedCount)) {
        return node;
      }
    }
    int start = (int) Long.remainderUnsigned(KeyHash.hash(key), nodeCount);
    for (int step = 0; step < nodeCount; step++) {
      int node = (start + step) % nodeCount;
      if (isEligible(node, dead, excluded, excludedCount)) {
        return node;
      }
    }
    throw new AssertionError("an eligible node was counted but not found");
  }

  private int eligibleCount(NodeSet dead, int[] excluded, int excludedCount) {
    int eligible = nodeCount - dead.size();
    for (int i = 0; i < excludedCount; i++) {
      int node = excluded[i];
      if (node >= 0 && !dead.contains(node) && !seenBefore(excluded, i, node)) {
        eligible--;
      }
    }
    return eligible;
  }

  private static boolean seenBefore(int[] nodes, int end, int node) {
    for (int i = 0; i < end; i++) {
      if (nodes[i] == node) {
        return true;
      }
    }
    return false;
  }

  private static boolean isEligible(int node, NodeSet dead, int[] excluded, int excludedCount) {
    return !dead.contains(node) && !seenBefore(excluded, excludedCount, node);
  }

  /** Writes the decimal digits of {@code value} (> 0) at {@code at}; returns the end offset. */
  private static int writeDecimal(byte[] into, int at, int value) {
    int digits = 1;
    for (int v = value / 10; v > 0; v /= 10) {
      digits++;
    }
    int end = at + digits;
    for (int i = end - 1, v = value; i >= at; i--, v /= 10) {
      into[i] = (byte) ('0' + v % 10);
    }
    return end;
  }
}
