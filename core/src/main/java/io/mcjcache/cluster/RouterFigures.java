package io.mcjcache.cluster;

import io.mcjcache.health.LivenessFigures;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The router's counters. LongAdder because every cache operation touches them from many threads and
 * an operator reads them rarely.
 */
public final class RouterFigures implements RouterFiguresMXBean, StoreFigures {
  final LongAdder operations = new LongAdder();
  final LongAdder nodeFailures = new LongAdder();
  final LongAdder failovers = new LongAdder();
  final LongAdder rehashes = new LongAdder();
  final LongAdder fallbackHits = new LongAdder();
  final LongAdder readRepairs = new LongAdder();
  final LongAdder fallbackDeletes = new LongAdder();
  final LongAdder droppedWrites = new LongAdder();
  final LongAdder migratedKeys = new LongAdder();
  final LongAdder flushedKeys = new LongAdder();
  final LongAdder flushes = new LongAdder();
  final LongAdder leases = new LongAdder();
  final LongAdder leaseWaits = new LongAdder();
  /** Hits of the near caches that closed; the open ones are read from {@link #nearHitCounters}. */
  private final LongAdder closedNearHits = new LongAdder();
  private final Set<LongSupplier> nearHitCounters = ConcurrentHashMap.newKeySet();
  final LongAdder nearRefreshFetches = new LongAdder();
  private final LivenessFigures liveness;

  /**
   * The figures of a store whose liveness {@code liveness} decides: its health monitor, or in tests just
   * the node states ({@code LivenessFigures} has one abstract method).
   */
  public RouterFigures(LivenessFigures liveness) {
    this.liveness = liveness;
  }

  /** Counted by the health component, which lives in another package. */
  public void recordNodeFailure() {
    nodeFailures.increment();
  }

  public void recordFlushedKeys(long keys) {
    flushedKeys.add(keys);
    flushes.increment();
  }

  public void recordMigratedKeys(long keys) {
    migratedKeys.add(keys);
  }

  /**
   * Counts the reads a near cache answers without reaching the router in {@link #getNearHits()}, apart
   * from {@link #getOperations()} so that the router's own figures keep describing network traffic. The
   * near cache keeps its own count and this figure sums the counts when read: one shared counter bumped
   * on every near hit would make every reader thread write the same cache line.
   */
  @Override
  public void addNearHitCounter(LongSupplier counter) {
    nearHitCounters.add(Objects.requireNonNull(counter, "counter"));
  }

  /** Stops reading {@code counter} (its near cache closed); the hits it counted stay in the figure. */
  @Override
  public synchronized void removeNearHitCounter(LongSupplier counter) {
    if (nearHitCounters.remove(counter)) {
      closedNearHits.add(counter.getAsLong());
    }
  }

  /** Keys a near cache asked the servers for in the background (refresh ahead); also in operations. */
  @Override
  public void recordNearRefreshFetches(long keys) {
    nearRefreshFetches.add(keys);
  }

  @Override
  public long getOperations() {
    return operations.sum();
  }

  @Override
  public long getNodeFailures() {
    return nodeFailures.sum();
  }

  @Override
  public long getFailovers() {
    return failovers.sum();
  }

  @Override
  public long getRehashes() {
    return rehashes.sum();
  }

  @Override
  public long getFallbackHits() {
    return fallbackHits.sum();
  }

  @Override
  public long getReadRepairs() {
    return readRepairs.sum();
  }

  @Override
  public long getFallbackDeletes() {
    return fallbackDeletes.sum();
  }

  @Override
  public long getDroppedWrites() {
    return droppedWrites.sum();
  }

  @Override
  public long getMigratedKeys() {
    return migratedKeys.sum();
  }

  @Override
  public long getFlushedKeys() {
    return flushedKeys.sum();
  }

  @Override
  public long getFlushes() {
    return flushes.sum();
  }

  @Override
  public long getLeases() {
    return leases.sum();
  }

  @Override
  public long getLeaseWaits() {
    return leaseWaits.sum();
  }

  @Override
  public synchronized long getNearHits() {
    long hits = closedNearHits.sum();
    for (LongSupplier counter : nearHitCounters) {
      hits += counter.getAsLong();
    }
    return hits;
  }

  @Override
  public long getNearRefreshFetches() {
    return nearRefreshFetches.sum();
  }

  @Override
  public long getAdoptedTransitions() {
    return liveness.adoptedTransitions();
  }

  @Override
  public long getClusterRecordReads() {
    return liveness.recordReads();
  }

  @Override
  public long getClusterRecordWrites() {
    return liveness.recordWrites();
  }

  @Override
  public long getTransitionsFromCluster() {
    return liveness.adoptedFromRecord();
  }

  @Override
  public long getFlushTakeovers() {
    return liveness.flushTakeovers();
  }

  @Override
  public long getProbeRounds() {
    return liveness.probeRounds();
  }

  @Override
  public String getLivenessView() {
    return liveness.viewSource();
  }

  @Override
  public List<String> getNodeStates() {
    return liveness.nodeStates();
  }

  @Override
  public String toString() {
    return "RouterFigures[ops=" + getOperations() + ", nodeFailures=" + getNodeFailures() + ", failovers="
        + getFailovers() + ", rehashes=" + getRehashes() + ", fallbackHits=" + getFallbackHits()
        + ", readRepairs=" + getReadRepairs() + ", fallbackDeletes=" + getFallbackDeletes()
        + ", droppedWrites=" + getDroppedWrites() + ", migratedKeys=" + getMigratedKeys()
        + ", flushedKeys=" + getFlushedKeys() + ", flushes=" + getFlushes()
        + ", leases=" + getLeases() + ", leaseWaits=" + getLeaseWaits()
        + ", nearHits=" + getNearHits()
        + ", nearRefreshFetches=" + getNearRefreshFetches() + "]";
  }
}
