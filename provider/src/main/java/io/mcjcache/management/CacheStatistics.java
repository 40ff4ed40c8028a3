package io.mcjcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The statistics of one cache in this JVM, as JCache defines them, exposed as the
 * {@code CacheStatistics} MXBean.
 *
 * <p>Counters are {@link LongAdder}s: every cache operation records into them from many threads, and
 * they are read rarely. A read is therefore not a consistent snapshot: the hit percentage may be
 * computed from a hit count and a get count a few operations apart. {@link #clear()} races with
 * concurrent recording the same way; JCache asks no more.
 *
 * <p>While disabled ({@code statisticsEnabled=false}), recording costs one volatile read. Disabling
 * keeps the counts; re-enabling continues from them (the cache clears them if it wants a fresh start).
 *
 * <p>The counts are this JVM's view of a cache that other JVMs share on the servers; they are not
 * aggregated across JVMs.
 */
public final class CacheStatistics implements CacheStatisticsMXBean {
  private static final float NANOS_PER_MICRO = 1_000f;

  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  /** Disabled until {@link #setEnabled(boolean) enabled}, as a cache is by default. */
  public CacheStatistics() {
    this(false);
  }

  public CacheStatistics(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Entries found, one per key (a {@code getAll} of three present keys is three hits). */
  public void recordHits(long count) {
    add(hits, count);
  }

  /** Entries not found (absent or expired), one per key. */
  public void recordMisses(long count) {
    add(misses, count);
  }

  /** Entries stored, one per key; an update counts as a put. */
  public void recordPuts(long count) {
    add(puts, count);
  }

  /** Entries removed, one per key; removing an absent key is not a removal. */
  public void recordRemovals(long count) {
    add(removals, count);
  }

  /** Entries the cache itself dropped; mcjcache cannot see memcached's own LRU evictions. */
  public void recordEvictions(long count) {
    add(evictions, count);
  }

  /** Time spent in a get operation, in nanoseconds (averaged over {@link #getCacheGets()}). */
  public void recordGetTime(long nanos) {
    add(getNanos, nanos);
  }

  /** Time spent in a put operation, in nanoseconds (averaged over {@link #getCachePuts()}). */
  public void recordPutTime(long nanos) {
    add(putNanos, nanos);
  }

  /** Time spent in a remove operation, in nanoseconds (averaged over {@link #getCacheRemovals()}). */
  public void recordRemoveTime(long nanos) {
    add(removeNanos, nanos);
  }

  @Override
  public void clear() {
    for (var adder : new LongAdder[] {
        hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      adder.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    return percentage(getCacheHits());
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    return percentage(getCacheMisses());
  }

  /** Hits plus misses: JCache counts a get by its outcome per key. */
  @Override
  public long getCacheGets() {
    return getCacheHits() + getCacheMisses();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  /** Mean get time in microseconds; 0 before the first get. */
  @Override
  public float getAverageGetTime() {
    return averageMicros(getNanos.sum(), getCacheGets());
  }

  /** Mean put time in microseconds; 0 before the first put. */
  @Override
  public float getAveragePutTime() {
    return averageMicros(putNanos.sum(), getCachePuts());
  }

  /** Mean remove time in microseconds; 0 before the first removal. */
  @Override
  public float getAverageRemoveTime() {
    return averageMicros(removeNanos.sum(), getCacheRemovals());
  }

  private void add(LongAdder adder, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException("a statistics count or time cannot be negative: " + amount);
    }
    if (enabled) {
      adder.add(amount);
    }
  }

  /** Share of gets in percent (0..100); 0 before the first get rather than NaN. */
  private float percentage(long part) {
    long gets = getCacheGets();
    return gets == 0 ? 0f : Math.min(100f, part * 100f / gets);
  }

  private static float averageMicros(long totalNanos, long operations) {
    return operations == 0 ? 0f : totalNanos / NANOS_PER_MICRO / operations;
  }

  @Override
  public String toString() {
    return "CacheStatistics{hits=" + getCacheHits() + ", misses=" + getCacheMisses() + ", puts="
        + getCachePuts() + ", removals=" + getCacheRemovals() + ", evictions="
        + getCacheEvictions() + (enabled ? "" : ", disabled") + '}';
  }
}
