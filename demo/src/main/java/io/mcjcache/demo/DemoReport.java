package io.mcjcache.demo;

import java.time.Duration;
import java.util.List;

/** Everything one run of the demo measured, for the table and the chart. */
public record DemoReport(int nodes, int keys, long seed, int victim, List<StrategyResult> strategies,
    Duration elapsed) {

  public DemoReport {
    strategies = List.copyOf(strategies);
  }

  public StrategyResult strategy(StrategyKind kind) {
    return strategies.stream().filter(s -> s.kind() == kind).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no result for " + kind.title()));
  }
}
