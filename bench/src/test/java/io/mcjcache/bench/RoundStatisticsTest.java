package io.mcjcache.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mcjcache.bench.RoundStatistics.Difference;
import io.mcjcache.bench.RoundStatistics.GoalVerdict;
import io.mcjcache.bench.RoundStatistics.Ratio;
import io.mcjcache.bench.RoundStatistics.Rounds;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RoundStatisticsTest {
  private static final double EXACT = 1e-12;

  @Test
  void medianIsTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    assertEquals(2.0, RoundStatistics.median(List.of(3.0, 1.0, 2.0)), EXACT);
    assertEquals(2.5, RoundStatistics.median(List.of(4.0, 1.0, 3.0, 2.0)), EXACT);
    assertEquals(7.0, RoundStatistics.median(List.of(7.0)), EXACT);
    assertTrue(Double.isNaN(RoundStatistics.median(List.of())));
  }

  @Test
  void aRowIsItsMedianAndItsSpreadOverTheMedian() {
    Rounds rounds = Rounds.of(110, 90, 100, 130);
    assertEquals(4, rounds.count());
    assertEquals(105.0, rounds.median(), EXACT);
    assertEquals(90.0, rounds.min(), EXACT);
    assertEquals(130.0, rounds.max(), EXACT);
    assertEquals(40.0 / 105.0, rounds.spread(), EXACT);
    assertEquals(0.0, Rounds.of(50).spread(), EXACT);
  }

  @Test
  void aRoundWithoutAScoreIsLeftOut() {
    Rounds rounds = Rounds.of(100, Double.NaN, 120);
    assertEquals(2, rounds.count());
    assertEquals(110.0, rounds.median(), EXACT);
  }

  @Test
  void overlappingRangesAreWithinNoise() {
    // 95..120 against 100..105: the faster median (108) proves nothing.
    assertEquals(Difference.WITHIN_NOISE, RoundStatistics.compare(Rounds.of(95, 108, 120), Rounds.of(100, 102, 105)));
    // Ranges that touch still overlap.
    assertEquals(Difference.WITHIN_NOISE, RoundStatistics.compare(Rounds.of(105, 110), Rounds.of(100, 105)));
  }

  @Test
  void separateRangesAreFasterOrSlower() {
    assertEquals(Difference.FASTER, RoundStatistics.compare(Rounds.of(106, 110, 130), Rounds.of(100, 102, 105)));
    assertEquals(Difference.SLOWER, RoundStatistics.compare(Rounds.of(100, 102, 105), Rounds.of(106, 110, 130)));
  }

  @Test
  void oneRoundOrNoneDecidesNothing() {
    assertEquals(Difference.TOO_FEW_ROUNDS, RoundStatistics.compare(Rounds.of(200), Rounds.of(100, 101)));
    assertEquals(Difference.NOT_MEASURED, RoundStatistics.compare(Rounds.of(200, 210), Rounds.of()));
  }

  @Test
  void theRatioIsOfTheMediansAndItsRangeOfTheSameRoundsPairs() {
    // Paired by round, not by rank: sorted, both sides would be 90 and 110 and every ratio 1.
    Ratio ratio = Ratio.of(Rounds.of(90, 110), Rounds.of(110, 90));
    assertEquals(1.0, ratio.median(), EXACT);
    assertEquals(90.0 / 110.0, ratio.min(), EXACT);
    assertEquals(110.0 / 90.0, ratio.max(), EXACT);
    assertEquals(2, ratio.pairs());
  }

  @Test
  void aRoundOnlyOneSideHasIsNoPair() {
    Ratio ratio = Ratio.of(new Rounds(new TreeMap<>(Map.of(1, 80.0, 2, 90.0, 3, 200.0))),
        new Rounds(new TreeMap<>(Map.of(1, 100.0, 2, 100.0))));
    assertEquals(2, ratio.pairs());
    assertEquals(0.8, ratio.min(), EXACT);
    assertEquals(0.9, ratio.max(), EXACT);
    assertEquals(0.9, ratio.median(), EXACT); // median(80, 90, 200) / median(100, 100)
  }

  @Test
  void anAtLeastGoalIsMetOnlyWhenEveryRoundReachesIt() {
    Rounds raw = Rounds.of(100, 100, 100);
    assertEquals(GoalVerdict.MET, Ratio.of(Rounds.of(95, 99, 120), raw).atLeast(0.95)); // lowest exactly on the goal
    assertEquals(GoalVerdict.MISSED, Ratio.of(Rounds.of(80, 90, 94), raw).atLeast(0.95));
    // Median 1.0 is above the goal, but one round is below: not met.
    assertEquals(GoalVerdict.UNDECIDED, Ratio.of(Rounds.of(94, 100, 120), raw).atLeast(0.95));
    // Median 0.90 is below the goal, but one round is above: not missed.
    assertEquals(GoalVerdict.UNDECIDED, Ratio.of(Rounds.of(85, 90, 96), raw).atLeast(0.95));
  }

  @Test
  void anAtMostGoalIsMetOnlyWhenEveryRoundStaysWithinIt() {
    Rounds raw = Rounds.of(1000, 1000);
    assertEquals(GoalVerdict.MET, Ratio.of(Rounds.of(1400, 1500), raw).atMost(1.5));
    assertEquals(GoalVerdict.MISSED, Ratio.of(Rounds.of(1600, 2500), raw).atMost(1.5));
    assertEquals(GoalVerdict.UNDECIDED, Ratio.of(Rounds.of(1400, 1600), raw).atMost(1.5));
  }

  @Test
  void oneOrNoPairDecidesNoGoal() {
    assertEquals(GoalVerdict.TOO_FEW_ROUNDS, Ratio.of(Rounds.of(200), Rounds.of(100)).atLeast(0.95));
    assertEquals(GoalVerdict.TOO_FEW_ROUNDS, Ratio.of(Rounds.of(200), Rounds.of(100)).atMost(1.5));
    assertEquals(GoalVerdict.NOT_MEASURED, Ratio.of(Rounds.of(200, 200), Rounds.of()).atLeast(0.95));
  }
}
