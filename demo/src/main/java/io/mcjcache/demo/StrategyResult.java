package io.mcjcache.demo;

import java.time.Duration;
import java.util.List;

/** One strategy's run of the schedule: a result per phase and the hit ratio along the way. */
public record StrategyResult(StrategyKind kind, List<PhaseResult> phases, List<HitRatioSample> timeline,
    Duration elapsed) {

  public StrategyResult {
    phases = List.copyOf(phases);
    timeline = List.copyOf(timeline);
  }

  public PhaseResult phase(Phase phase) {
    return phases.stream().filter(p -> p.phase() == phase).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(kind.title() + " has no result for " + phase.label()));
  }

  public long totalStale() {
    return phases.stream().mapToLong(PhaseResult::stale).sum();
  }
}
