package io.mcjcache.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class CacheStatisticsTest {

  private final CacheStatistics statistics = new CacheStatistics(true);

  @Test
  void everythingIsZeroBeforeAnythingIsRecorded() {
    assertThat(statistics.getCacheGets()).isZero();
    assertThat(statistics.getCacheHitPercentage()).isZero();
    assertThat(statistics.getCacheMissPercentage()).isZero();
    assertThat(statistics.getAverageGetTime()).isZero();
    assertThat(statistics.getAveragePutTime()).isZero();
    assertThat(statistics.getAverageRemoveTime()).isZero();
  }

  @Test
  void countersAddUpAndGetsAreHitsPlusMisses() {
    statistics.recordHits(2);
    statistics.recordHits(1);
    statistics.recordMisses(1);
    statistics.recordPuts(5);
    statistics.recordRemovals(2);
    statistics.recordEvictions(7);

    assertThat(statistics.getCacheHits()).isEqualTo(3);
    assertThat(statistics.getCacheMisses()).isEqualTo(1);
    assertThat(statistics.getCacheGets()).isEqualTo(4);
    assertThat(statistics.getCachePuts()).isEqualTo(5);
    assertThat(statistics.getCacheRemovals()).isEqualTo(2);
    assertThat(statistics.getCacheEvictions()).isEqualTo(7);
  }

  @Test
  void percentagesAreSharesOfGetsBetweenZeroAndHundred() {
    statistics.recordHits(3);
    statistics.recordMisses(1);

    assertThat(statistics.getCacheHitPercentage()).isEqualTo(75f);
    assertThat(statistics.getCacheMissPercentage()).isEqualTo(25f);
  }

  @Test
  void averageTimesAreMicrosecondsPerOperation() {
    statistics.recordHits(2);
    statistics.recordMisses(1);
    statistics.recordGetTime(3_000_000); // 3 ms over 3 gets
    statistics.recordPuts(4);
    statistics.recordPutTime(10_000); // 10 us over 4 puts
    statistics.recordRemovals(2);
    statistics.recordRemoveTime(5_000); // 5 us over 2 removals

    assertThat(statistics.getAverageGetTime()).isEqualTo(1_000f);
    assertThat(statistics.getAveragePutTime()).isEqualTo(2.5f);
    assertThat(statistics.getAverageRemoveTime()).isEqualTo(2.5f);
  }

  @Test
  void timeWithoutAnyCountedOperationAveragesToZeroNotInfinity() {
    statistics.recordRemoveTime(5_000); // e.g. removing an absent key: timed, but not a removal
    assertThat(statistics.getAverageRemoveTime()).isZero();
  }

  @Test
  void disabledStatisticsRecordNothingAndKeepEarlierCounts() {
    statistics.recordHits(1);
    statistics.setEnabled(false);
    statistics.recordHits(10);
    statistics.recordMisses(10);
    statistics.recordPuts(10);
    statistics.recordGetTime(10);

    assertThat(statistics.isEnabled()).isFalse();
    assertThat(statistics.getCacheHits()).isEqualTo(1);
    assertThat(statistics.getCacheMisses()).isZero();
    assertThat(statistics.getCachePuts()).isZero();

    statistics.setEnabled(true);
    statistics.recordHits(1);
    assertThat(statistics.getCacheHits()).isEqualTo(2);
  }

  @Test
  void newStatisticsAreDisabledByDefault() {
    var byDefault = new CacheStatistics();
    byDefault.recordHits(1);
    assertThat(byDefault.isEnabled()).isFalse();
    assertThat(byDefault.getCacheHits()).isZero();
  }

  @Test
  void clearResetsEveryCounterAndTime() {
    statistics.recordHits(1);
    statistics.recordMisses(1);
    statistics.recordPuts(1);
    statistics.recordRemovals(1);
    statistics.recordEvictions(1);
    statistics.recordGetTime(1_000);
    statistics.recordPutTime(1_000);
    statistics.recordRemoveTime(1_000);

    statistics.clear();

    assertThat(statistics.getCacheGets()).isZero();
    assertThat(statistics.getCachePuts()).isZero();
    assertThat(statistics.getCacheRemovals()).isZero();
    assertThat(statistics.getCacheEvictions()).isZero();
    statistics.recordHits(1);
    assertThat(statistics.getAverageGetTime()).as("get time was cleared too").isZero();
    statistics.recordPuts(1);
    assertThat(statistics.getAveragePutTime()).isZero();
    statistics.recordRemovals(1);
    assertThat(statistics.getAverageRemoveTime()).isZero();
  }

  @Test
  void negativeAmountsAreRejected() {
    assertThatThrownBy(() -> statistics.recordPuts(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
    assertThatThrownBy(() -> statistics.recordGetTime(-5))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentRecordingLosesNothing() {
    int threads = 8;
    int perThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var done = new ArrayList<CompletableFuture<Void>>();
      for (int t = 0; t < threads; t++) {
        done.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < perThread; i++) {
            statistics.recordHits(1);
            statistics.recordPuts(1);
          }
        }, pool));
      }
      done.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
    assertThat(statistics.getCacheHits()).isEqualTo((long) threads * perThread);
    assertThat(statistics.getCachePuts()).isEqualTo((long) threads * perThread);
  }
}
