package io.mcjcache.demo;

import java.time.Duration;
import java.util.List;

/**
 * Everything one run of the demo measured, for the table and the chart.
 *
 * @param fault how the victim node failed and came back
 * @param skipped one line per strategy that did not run (a program it needs is missing, or its client would
 *     wait out a timeout on every request to a hung node), saying why
 */
public record DemoReport(int nodes, int keys, long seed, Fault fault, int victim, List<StrategyResult> strategies,
    List<String> skipped, Duration elapsed) {

  public DemoReport {
    strategies = List.copyOf(strategies);
    skipped = List.copyOf(skipped);
  }

  public StrategyResult strategy(StrategyKind kind) {
    return strategies.stream().filter(s -> s.kind() == kind).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no result for " + kind.title()));
  }

  public boolean ran(StrategyKind kind) {
    return strategies.stream().anyMatch(s -> s.kind() == kind);
  }
}
