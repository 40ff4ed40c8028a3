package io.mcjcache.demo;

import java.util.Locale;

/** The demo's text output: one row per strategy and phase, then what the numbers mean. */
final class ResultTable {
  private static final String ROW = "%-30s %-10s %9s %7s %6s %7s %12s %7s %7s%n";
  private static final int WIDTH = 104;

  private ResultTable() {}

  static String render(DemoReport report) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, ROW, "strategy", "phase", "hit ratio", "misses", "stale", "lost",
        "resurrected", "p50 ms", "p99 ms"));
    out.append("-".repeat(WIDTH)).append('\n');
    for (StrategyResult strategy : report.strategies()) {
      String name = strategy.kind().title();
      for (PhaseResult phase : strategy.phases()) {
        out.append(String.format(Locale.ROOT, ROW, name, phase.phase().label(), percent(phase.hitRatio()),
            phase.misses(), phase.stale(), phase.lost(), resurrected(phase), millis(phase.p50Millis()),
            millis(phase.p99Millis())));
        name = "";
      }
    }
    report.skipped().forEach(line -> out.append(line).append('\n'));
    out.append(String.format(Locale.ROOT,
        "%nhit ratio: reads that returned the value last written; misses: reads that returned nothing (or the%n"
            + "value from before a write the client was told failed); stale: reads that returned a value older than%n"
            + "the last acknowledged write; lost: misses of keys whose last write was acknowledged; resurrected:%n"
            + "keys deleted while the node was down (the delete acknowledged) that read back with a value, of the%n"
            + "deleted keys read (\"-\": none deleted yet); p50/p99: time of one getAll of %d keys.%n"
            + "Node %d of %d was %s; %,d keys loaded, %d%% of them overwritten and %d%% more added while it%n"
            + "was down, and %,d more loaded before and deleted while it was down; then it was %s.%n",
        ReadPass.BATCH, report.victim(), report.nodes(), report.fault().failureNote(), report.keys(),
        Math.round(FailoverSchedule.OVERWRITTEN_WHILE_DOWN * 100),
        Math.round(FailoverSchedule.ADDED_WHILE_DOWN * 100),
        FailoverSchedule.deleted(report.keys()), report.fault().recoveryNote()));
    for (StrategyResult strategy : report.strategies()) {
      if (strategy.failedWrites() + strategy.failedDeletes() > 0) {
        out.append(String.format(Locale.ROOT, "%s: %,d writes and %,d deletes failed (an error answer, or none):"
            + " not acknowledged, so not counted as lost.%n", strategy.kind().title(), strategy.failedWrites(),
            strategy.failedDeletes()));
      }
    }
    out.append('\n');
    for (StrategyResult strategy : report.strategies()) {
      out.append(String.format(Locale.ROOT, "%-30s %s%n", strategy.kind().title(), strategy.kind().note()));
    }
    return out.toString();
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
  }

  /** {@code resurrected / deleted keys read}, or "-" before anything was deleted. */
  static String resurrected(PhaseResult phase) {
    return phase.deletedReads() == 0 ? "-" : phase.resurrected() + "/" + phase.deletedReads();
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
