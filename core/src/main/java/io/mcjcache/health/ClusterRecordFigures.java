package io.mcjcache.health;

/**
 * What the cluster record did in this process ({@link ClusterRecordView}); all 0 where the view is not shared
 * across hosts. Reported by the view itself and, through the health monitor, in the router figures.
 */
public interface ClusterRecordFigures {

  /** Copies of the cluster record this process read. */
  default long recordReads() {
    return 0;
  }

  /** Copies of the cluster record this process wrote: its transitions, and copies it found behind. */
  default long recordWrites() {
    return 0;
  }

  /** Node deaths, returning steps and returns taken into the view from the record (other hosts'). */
  default long adoptedFromRecord() {
    return 0;
  }

  /** Flush leases taken over from a flusher of this view's scope that ended mid-flush. */
  default long flushTakeovers() {
    return 0;
  }
}
