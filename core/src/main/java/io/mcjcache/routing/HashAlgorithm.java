package io.mcjcache.routing;

/**
 * How a key's 64-bit hash picks its home among the configured nodes (the configuration key
 * {@code hash}). Both work over the <em>configured</em> node count, never the live one, so one dead
 * node moves only its own keys.
 */
public enum HashAlgorithm {
  /** {@code unsigned(h) mod N}: simple and even; growing the cluster moves almost every key. */
  MODULO {
    @Override
    int bucket(long hash, int nodeCount) {
      return (int) Long.remainderUnsigned(hash, nodeCount);
    }
  },
  /**
   * Jump consistent hash (Lamping and Veach, 2014): as even as modulo, and growing the cluster
   * from N to N+1 nodes moves only about 1/(N+1) of the keys.
   */
  JUMP {
    @Override
    int bucket(long hash, int nodeCount) {
      long key = hash;
      long b = -1;
      long j = 0;
      while (j < nodeCount) {
        b = j;
        key = key * 2862933555777941757L + 1;
        j = (long) ((b + 1) * ((double) (1L << 31) / (double) ((key >>> 33) + 1)));
      }
      return (int) b;
    }
  };

  /** The bucket in {@code [0, nodeCount)} for a hash; {@code nodeCount >= 1}. */
  abstract int bucket(long hash, int nodeCount);
}
