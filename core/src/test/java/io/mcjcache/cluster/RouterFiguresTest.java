package io.mcjcache.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The near hits figure sums the near caches' own counts: the open ones as they are now, the closed ones as
 * they ended.
 */
class RouterFiguresTest {
  private final RouterFigures figures = new RouterFigures(List::of);
  private final AtomicLong first = new AtomicLong();
  private final AtomicLong second = new AtomicLong();

  @Test
  void nearHitsSumTheOpenCountersAsTheyAreWhenRead() {
    figures.addNearHitCounter(first::get);
    figures.addNearHitCounter(second::get);
    first.set(5);
    second.set(7);
    assertThat(figures.getNearHits()).isEqualTo(12);

    first.set(10);
    assertThat(figures.getNearHits()).isEqualTo(17);
  }

  @Test
  void aClosedCounterKeepsItsHitsOnceAndIsNoLongerRead() {
    LongSupplier counter = first::get;
    figures.addNearHitCounter(counter);
    first.set(8);

    figures.removeNearHitCounter(counter);
    figures.removeNearHitCounter(counter);
    first.set(100);

    assertThat(figures.getNearHits()).isEqualTo(8);
  }
}
