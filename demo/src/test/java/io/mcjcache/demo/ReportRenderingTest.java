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
      assertThat(Pattern.compile("(?m)^" + Pattern.quote(kind.title()) + " +all up ").matcher(table).results()
          .count()).as(kind.title()).isEqualTo(1);
      assertThat(table).contains(kind.title() + " ".repeat(31 - kind.title().length()) + kind.note());
    }
    assertThat(Pattern.compile("node back").matcher(table).results().count()).isEqualTo(StrategyKind.values().length);
    assertThat(table).contains("  75.00%").contains("  25.00%");
  }

  @Test
  void tableShowsLostWritesResurrectionsFailedWritesAndSkippedRows() {
    String table = ResultTable.render(report());
    assertThat(table).contains("lost", "resurrected", "3/100", "(z) elsewhere: skipped, not here")
        .contains("(g) twemproxy: 7 writes and 2 deletes failed");
    String allUp = table.lines().filter(l -> l.startsWith("(b) ketama")).findFirst().orElseThrow();
    assertThat(allUp).as("no deletes before the first pass").contains(" - ");
  }

  @Test
  void chartIsSelfContainedWithAHitLinePerStrategyAndAStaleLineWhereThereWereStaleReads() {
    String html = HitRatioChart.html(report());
    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("<script", "<link", "src=");
    assertThat(Pattern.compile("<polyline").matcher(html).results().count())
        .as("a hit line per strategy, one stale line (only (a) had stale reads)")
        .isEqualTo(StrategyKind.values().length + 1);
    assertThat(html).contains("stroke-dasharray=\"6,4\"").contains("node 3 killed").contains("3/100");
  }

  @Test
  void theNotesSayHowTheNodeFailedAndCameBack() {
    assertThat(ResultTable.render(report())).contains("Node 3 of 8 was killed;", "then it was restarted (empty).");
    assertThat(HitRatioChart.html(report())).contains("node 3 killed", "node 3 restarted");
    DemoReport paused = report(Fault.PAUSE);
    assertThat(ResultTable.render(paused)).contains("Node 3 of 8 was paused (SIGSTOP);",
        "then it was resumed (SIGCONT) with the data it held.");
    assertThat(HitRatioChart.html(paused)).contains("node 3 paused", "node 3 resumed")
        .doesNotContain("killed", "restarted");
  }

  private static DemoReport report() {
    return report(Fault.KILL);
  }

  /** (a) reads stale values after the return; everything else is made up but plausible. */
  private static DemoReport report(Fault fault) {
    List<StrategyResult> strategies = new ArrayList<>();
    for (StrategyKind kind : StrategyKind.values()) {
      long stale = kind == StrategyKind.LIVE_MODULO ? 100 : 0;
      List<PhaseResult> phases = List.of(
          new PhaseResult(Phase.ALL_UP, 1000, 1000, 0, 0, 0, 0, 0.5, 1.0),
          new PhaseResult(Phase.NODE_DOWN, 1000, 750, 0, 250, 0, 0, 0.5, 1.0),
          new PhaseResult(Phase.NODE_BACK, 1100, 275, stale, 700, 100, 3, 0.5, 1.0));
      List<HitRatioSample> timeline = List.of(new HitRatioSample(0.5, 1, 0), new HitRatioSample(1.5, 0.75, 0),
          new HitRatioSample(2.5, 0.25, stale / 1100.0));
      long failed = kind == StrategyKind.TWEMPROXY ? 7 : 0;
      strategies.add(new StrategyResult(kind, phases, timeline, failed, failed == 0 ? 0 : 2, Duration.ofSeconds(1)));
    }
    return new DemoReport(8, 1000, 1, fault, 3, strategies, List.of("(z) elsewhere: skipped, not here"),
        Duration.ofSeconds(5));
  }
}
