package io.mcjcache.demo;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One full read pass over a strategy's keys, in {@code getAll} batches of {@value #BATCH}: every
 * answer is judged by the {@link Dataset}, every batch is timed, and the hit ratio is sampled
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
    return run(phase, count, count, count, timeline);
  }

  /**
   * Reads keys {@code [0, count)}, then the deleted keys {@code [deletedFrom, deletedTo)} (counted apart:
   * only whether they come back); appends this pass's chart points to {@code timeline}.
   */
  PhaseResult run(Phase phase, int count, int deletedFrom, int deletedTo, List<HitRatioSample> timeline) {
    int batches = (count + BATCH - 1) / BATCH;
    int batchesPerSample = Math.max(1, (batches + SAMPLES - 1) / SAMPLES);
    long[] nanos = new long[batches];
    EnumMap<Dataset.Answer, Long> answers = new EnumMap<>(Dataset.Answer.class);
    long sampleReads = 0;
    long sampleHits = 0;
    long sampleStale = 0;
    for (int b = 0; b < batches; b++) {
      int from = b * BATCH;
      int to = Math.min(count, from + BATCH);
      List<String> keys = data.keys(from, to);
      long start = System.nanoTime();
      Map<String, String> found = strategy.getAll(keys);
      nanos[b] = System.nanoTime() - start;
      for (int i = from; i < to; i++) {
        Dataset.Answer answer = data.judge(i, found.get(data.key(i)));
        answers.merge(answer, 1L, Long::sum);
        sampleHits += answer == Dataset.Answer.HIT ? 1 : 0;
        sampleStale += answer == Dataset.Answer.STALE ? 1 : 0;
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
    for (int from = deletedFrom; from < deletedTo; from += BATCH) {
      int to = Math.min(deletedTo, from + BATCH);
      Map<String, String> found = strategy.getAll(data.keys(from, to));
      for (int i = from; i < to; i++) {
        answers.merge(data.judge(i, found.get(data.key(i))), 1L, Long::sum);
      }
      progress.advance(to - from);
    }
    Arrays.sort(nanos);
    long resurrected = count(answers, Dataset.Answer.RESURRECTED);
    return new PhaseResult(phase, count, count(answers, Dataset.Answer.HIT), count(answers, Dataset.Answer.STALE),
        count(answers, Dataset.Answer.LOST), resurrected + count(answers, Dataset.Answer.GONE), resurrected,
        millis(percentile(nanos, 0.50)), millis(percentile(nanos, 0.99)));
  }

  private static long count(Map<Dataset.Answer, Long> answers, Dataset.Answer answer) {
    return answers.getOrDefault(answer, 0L);
  }

  private static long percentile(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double millis(long nanos) {
    return nanos / 1_000_000.0;
  }
}
