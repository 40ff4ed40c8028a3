package io.mcjcache.demo;

import java.util.Locale;

/** The demo's text output: one row per strategy and phase, then what the numbers mean. */
final class ResultTable {
  private static final String ROW = "%-32s %-10s %9s %9s %8s %8s %8s%n";

  private ResultTable() {}

  static String render(DemoReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, ROW, "strategy", "phase", "hit ratio", "misses", "stale",
        "p50 ms", "p99 ms"));
    out.append("-".repeat(90)).append('\n');
    for (StrategyResult strategy : report.strategies()) {
      String name = strategy.kind().title();
      for (PhaseResult phase : strategy.phases()) {
        out.append(String.format(Locale.ROOT, ROW, name, phase.phase().label(), percent(phase.hitRatio()),
            phase.misses(), phase.stale(), millis(phase.p50Millis()), millis(phase.p99Millis())));
        name = "";
      }
    }
    out.append(String.format(Locale.ROOT,
        "%nhit ratio: reads that returned the value last written; stale: reads that returned an older one;%n"
            + "p50/p99: time of one getAll of %d keys. Node %d of %d was killed; %,d keys loaded, %d%% of them%n"
            + "overwritten and %d%% more added while it was down, then it was restarted (empty).%n",
        ReadPass.BATCH, report.victim(), report.nodes(), report.keys(),
        Math.round(FailoverSchedule.OVERWRITTEN_WHILE_DOWN * 100),
        Math.round(FailoverSchedule.ADDED_WHILE_DOWN * 100)));
    return out.toString();
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
