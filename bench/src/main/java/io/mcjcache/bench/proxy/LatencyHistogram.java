package io.mcjcache.bench.proxy;

/**
 * A log-linear histogram of nanosecond latencies (HdrHistogram's layout, without the dependency): values
 * below 128 ns in buckets of 1 ns, above that 64 buckets per power of two, so any value is known to within
 * 1/64 (1.6%). One per load thread, merged after the run; not thread-safe.
 */
final class LatencyHistogram {
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int BUCKETS = SUB * (64 - SUB_BITS + 1);

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[index(value)]++;
    total++;
    if (value > max) {
      max = value;
    }
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long max() {
    return max;
  }

  /** The value at quantile {@code q} (0..1): the middle of the bucket holding the ceil(q*n)-th value. */
  long quantile(double q) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, (low(i) + high(i)) / 2);
      }
    }
    return max;
  }

  static int index(long value) {
    if (value < 2 * SUB) {
      return (int) value;
    }
    int msb = 63 - Long.numberOfLeadingZeros(value);
    int shift = msb - SUB_BITS;
    return (shift << SUB_BITS) + (int) (value >>> shift);
  }

  static long low(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int shift = (index >>> SUB_BITS) - 1;
    long mantissa = (index & (SUB - 1)) + SUB;
    return mantissa << shift;
  }

  static long high(int index) {
    if (index < 2 * SUB) {
      return index;
    }
    int shift = (index >>> SUB_BITS) - 1;
    long mantissa = (index & (SUB - 1)) + SUB;
    return ((mantissa + 1) << shift) - 1;
  }
}
