package io.mcjcache.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rules by which {@link Suite} decides whether a difference is real: every row (a peer's benchmark with
 * its parameters and thread count) is measured once per round, in its own fork; a row is summed up by the
 * median of its rounds and their spread; two rows differ only when their ranges of rounds (min..max) do not
 * overlap; and a goal on a ratio is met only when the ratio of every round is at or above it. No arithmetic
 * here knows about JMH, so that the rules can be tested on hand-made numbers.
 */
public final class RoundStatistics {
  private RoundStatistics() {}

  /** The median of {@code values} (the mean of the two middle ones for an even count); NaN if there are none. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /**
   * One row's scores, by round number (1, 2, ...). Rounds without a score (a failed fork, a row that was not
   * profiled) are simply absent; a NaN given here is dropped.
   */
  public record Rounds(SortedMap<Integer, Double> byRound) {
    public Rounds {
      TreeMap<Integer, Double> copy = new TreeMap<>();
      byRound.forEach((round, score) -> {
        if (score != null && !score.isNaN()) {
          copy.put(round, score);
        }
      });
      byRound = Collections.unmodifiableSortedMap(copy);
    }

    /** Scores given in round order, round 1 first (a test's shorthand). */
    public static Rounds of(double... scores) {
      SortedMap<Integer, Double> byRound = new TreeMap<>();
      for (int i = 0; i < scores.length; i++) {
        byRound.put(i + 1, scores[i]);
      }
      return new Rounds(byRound);
    }

    public int count() {
      return byRound.size();
    }

    public double median() {
      return RoundStatistics.median(List.copyOf(byRound.values()));
    }

    public double min() {
      return byRound.values().stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    public double max() {
      return byRound.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** (max - min) / median: how far apart this row's rounds were, as a share of its median; 0 with one round. */
    public double spread() {
      double median = median();
      return median > 0 ? (max() - min()) / median : Double.NaN;
    }
  }

  /** How a row compares with a peer's row, judged by their ranges of rounds. */
  public enum Difference {
    /** The row's slowest round beat the peer's fastest one. */
    FASTER("faster"),
    /** The row's fastest round was slower than the peer's slowest one. */
    SLOWER("slower"),
    /** The two ranges (min..max of the rounds) overlap: this machine cannot tell them apart. */
    WITHIN_NOISE("within noise"),
    /** Fewer than two rounds on a side: no spread, so no judgement. */
    TOO_FEW_ROUNDS("one round: no spread"),
    /** A side has no score at all. */
    NOT_MEASURED("not measured");

    private final String text;

    Difference(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** Whether a goal on a ratio was reached, judged by the ratio's per-round range. */
  public enum GoalVerdict {
    /** The ratio of every round is on the goal's side of it. */
    MET("met"),
    /** The ratio of every round is on the wrong side of the goal. */
    MISSED("**missed**"),
    /** Some rounds are on one side of the goal and some on the other. */
    UNDECIDED("undecided (within noise)"),
    /** Fewer than two rounds with both sides measured: one pair cannot tell a difference from noise. */
    TOO_FEW_ROUNDS("undecided (one round)"),
    /** No round has both sides. */
    NOT_MEASURED("not measured");

    private final String text;

    GoalVerdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /** {@code row} against {@code peer}: faster, slower, or within noise when their min..max ranges overlap. */
  public static Difference compare(Rounds row, Rounds peer) {
    if (row.count() == 0 || peer.count() == 0) {
      return Difference.NOT_MEASURED;
    }
    if (row.count() < 2 || peer.count() < 2) {
      return Difference.TOO_FEW_ROUNDS;
    }
    if (row.min() > peer.max()) {
      return Difference.FASTER;
    }
    if (row.max() < peer.min()) {
      return Difference.SLOWER;
    }
    return Difference.WITHIN_NOISE;
  }

  /**
   * A ratio of two rows: {@code median} is the ratio of their medians; {@code min} and {@code max} are the
   * lowest and highest ratio of one round's scores (rounds where both rows have one), {@code pairs} how many
   * such rounds there were.
   */
  public record Ratio(double median, double min, double max, int pairs) {
    /** {@code row}'s median over {@code peer}'s, and the range of the per-round ratios. */
    public static Ratio of(Rounds row, Rounds peer) {
      double min = Double.NaN;
      double max = Double.NaN;
      int pairs = 0;
      for (Map.Entry<Integer, Double> round : row.byRound().entrySet()) {
        Double other = peer.byRound().get(round.getKey());
        if (other == null || other <= 0) {
          continue;
        }
        double ratio = round.getValue() / other;
        min = pairs == 0 ? ratio : Math.min(min, ratio);
        max = pairs == 0 ? ratio : Math.max(max, ratio);
        pairs++;
      }
      double peerMedian = peer.median();
      double median = peerMedian > 0 ? row.median() / peerMedian : Double.NaN;
      return new Ratio(median, min, max, pairs);
    }

    /** A goal "at least {@code goal}": met when every round's ratio is at or above it, missed when all are below. */
    public GoalVerdict atLeast(double goal) {
      if (pairs == 0) {
        return GoalVerdict.NOT_MEASURED;
      }
      if (pairs < 2) {
        return GoalVerdict.TOO_FEW_ROUNDS;
      }
      if (min >= goal) {
        return GoalVerdict.MET;
      }
      if (max < goal) {
        return GoalVerdict.MISSED;
      }
      return GoalVerdict.UNDECIDED;
    }

    /** A goal "at most {@code goal}": met when every round's ratio is at or below it, missed when all are above. */
    public GoalVerdict atMost(double goal) {
      if (pairs == 0) {
        return GoalVerdict.NOT_MEASURED;
      }
      if (pairs < 2) {
        return GoalVerdict.TOO_FEW_ROUNDS;
      }
      if (max <= goal) {
        return GoalVerdict.MET;
      }
      if (min > goal) {
        return GoalVerdict.MISSED;
      }
      return GoalVerdict.UNDECIDED;
    }
  }
}
