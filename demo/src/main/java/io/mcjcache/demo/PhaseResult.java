package io.mcjcache.demo;

/**
 * What one read pass found. A hit is the value last written; a stale read is any other value (a
 * cache that lies); everything else is a miss (a cache that forgets).
 *
 * @param p50Millis median time of one {@code getAll} of {@value ReadPass#BATCH} keys
 * @param p99Millis 99th percentile of the same
 */
public record PhaseResult(Phase phase, long reads, long hits, long stale, double p50Millis, double p99Millis) {

  public long misses() {
    return reads - hits - stale;
  }

  public double hitRatio() {
    return reads == 0 ? 0 : hits / (double) reads;
  }
}
