package io.mcjcache.demo;

/**
 * What one read pass found. A hit is the value last written; a stale read is a value older than the last
 * acknowledged write, or another key's (a cache that lies); everything else is a miss (a cache that
 * forgets), and a miss of a key whose last write was acknowledged is also a lost write. After the node's
 * return the pass also reads the keys deleted while it was down: each that still has a value, though its
 * delete was acknowledged, is resurrected.
 *
 * @param reads reads of live keys (the deleted ones are not among them)
 * @param lost misses of keys whose last write the client saw acknowledged: part of {@link #misses()}
 * @param deletedReads reads of keys whose delete was acknowledged; 0 before any delete
 * @param resurrected those of {@code deletedReads} that returned a value
 * @param p50Millis median time of one {@code getAll} of {@value ReadPass#BATCH} keys
 * @param p99Millis 99th percentile of the same
 */
public record PhaseResult(Phase phase, long reads, long hits, long stale, long lost, long deletedReads,
    long resurrected, double p50Millis, double p99Millis) {

  public long misses() {
    return reads - hits - stale;
  }

  public double hitRatio() {
    return reads == 0 ? 0 : hits / (double) reads;
  }
}
