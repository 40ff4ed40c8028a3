package io.mcjcache.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One full read pass over a strategy's keys, in {@code getAll} batches of {@value #BATCH}: every
 * answer is checked against the {@link Dataset}, every batch is timed, and the hit ratio is sampled
 * along the way for the chart.
 */
final class ReadPass {
  /** Large enough that a pass over 100,000 keys takes about a second, small enough to chart. */
  static final int BATCH = 100;
  /** Chart points per pass. */
  private static final int SAMPLES = 50;

  private final Strategy strategy;
  private final Dataset data;
  private final ProgressBar progress;

  ReadPass(Strategy strategy, Dataset data, ProgressBar progress) {
    this.strategy = strategy;
    this.data = data;
    this.progress = progress;
  }

  /** Reads keys {@code [0, count)}; appends this pass's chart points to {@code timeline}. */
  PhaseResult run(Phase phase, int count, List<HitRatioSample> timeline) {
    int batches = (count + BATCH - 1) / BATCH;
    int batchesPerSample = Math.max(1, (batches + SAMPLES - 1) / SAMPLES);
    long[] nanos = new long[batches];
    long hits = 0;
    long stale = 0;
    long sampleReads = 0;
    long sampleHits = 0;
    long sampleStale = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * BATCH;
      int to = Math.min(count, from + BATCH);
      List<String> keys = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        keys.add(data.key(i));
      }
      long start = System.nanoTime();
      Map<String, String> found = strategy.getAll(keys);
      nanos[b] = System.nanoTime() - start;
      for (int i = from; i < to; i++) {
        String value = found.get(data.key(i));
        if (value == null) {
          continue;
        }
        if (value.equals(data.expected(i))) {
          hits++;
          sampleHits++;
        } else {
          stale++;
          sampleStale++;
        }
      }
      sampleReads += to - from;
      progress.advance(to - from);
      if ((b + 1) % batchesPerSample == 0 || b == batches - 1) {
        timeline.add(new HitRatioSample(phase.ordinal() + (b + 1) / (double) batches,
            sampleHits / (double) sampleReads, sampleStale / (double) sampleReads));
        sampleReads = 0;
        sampleHits = 0;
        sampleStale = 0;
      }
    }
    Arrays.sort(nanos);
    return new PhaseResult(phase, count, hits, stale, millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)));
  }

  private static long percentile(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
