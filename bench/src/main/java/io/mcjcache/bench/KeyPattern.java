package io.mcjcache.bench;

import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/** Which keys a client asks for: all alike, or a few hot ones and a long tail (Zipf, exponent 0.99). */
public enum KeyPattern {
  UNIFORM {
    @Override
    public IntSupplier draws(int keyCount, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      return () -> random.nextInt(keyCount);
    }
  },
  /** The exponent YCSB uses for its Zipfian workloads: rank 0 draws about 8% of all requests of 100,000 keys. */
  ZIPF {
    @Override
    public IntSupplier draws(int keyCount, long seed) {
      SplittableRandom random = new SplittableRandom(seed);
      ZipfDistribution zipf = new ZipfDistribution(keyCount, ZIPF_EXPONENT);
      return () -> zipf.rank(random.nextDouble());
    }
  };

  public static final double ZIPF_EXPONENT = 0.99;

  /** An endless, seeded stream of key indexes in [0, keyCount); one per client thread (not thread-safe). */
  public abstract IntSupplier draws(int keyCount, long seed);
}
