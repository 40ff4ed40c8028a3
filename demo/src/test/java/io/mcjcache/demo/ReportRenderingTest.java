package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The table and the chart from a report built by hand, without a cluster. */
class ReportRenderingTest {

  @Test
  void tableHasARowPerStrategyAndPhase() {
    String table = ResultTable.render(report());
    for (StrategyKind kind : StrategyKind.values()) {
      assertThat(table).containsOnlyOnce(kind.title());
    }
    assertThat(Pattern.compile("node back").matcher(table).results().count()).isEqualTo(StrategyKind.values().length);
    assertThat(table).contains("  75.00%").contains("  25.00%");
  }

  @Test
  void chartIsSelfContainedWithAHitLinePerStrategyAndAStaleLineWhereThereWereStaleReads() {
    String html = HitRatioChart.html(report());
    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "src=");
    assertThat(Pattern.compile("<polyline").matcher(html).results().count())
        .as("five hit lines, one stale line (only (a) had stale reads)").isEqualTo(6);
    assertThat(html).contains("stroke-dasharray=\"6,4\"").contains("node 3 killed");
  }

  /** (a) reads stale values after the restart; everything else is made up but plausible. */
  private static DemoReport report() {
    List<StrategyResult> strategies = new ArrayList<>();
    for (StrategyKind kind : StrategyKind.values()) {
      long stale = kind == StrategyKind.LIVE_MODULO ? 100 : 0;
      List<PhaseResult> phases = List.of(
          new PhaseResult(Phase.ALL_UP, 1000, 1000, 0, 0.5, 1.0),
          new PhaseResult(Phase.NODE_DOWN, 1000, 750, 0, 0.5, 1.0),
          new PhaseResult(Phase.NODE_BACK, 1100, 275, stale, 0.5, 1.0));
      List<HitRatioSample> timeline = List.of(new HitRatioSample(0.5, 1, 0), new HitRatioSample(1.5, 0.75, 0),
          new HitRatioSample(2.5, 0.25, stale / 1100.0));
      strategies.add(new StrategyResult(kind, phases, timeline, Duration.ofSeconds(1)));
    }
    return new DemoReport(8, 1000, 1, 3, strategies, Duration.ofSeconds(5));
  }
}
