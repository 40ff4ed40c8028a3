package io.mcjcache.demo;

import java.time.Duration;
import java.util.List;

/**
 * One strategy's run of the schedule: a result per phase, the hit ratio along the way, and how many writes
 * and deletes the client was told failed (or never heard back about): those are not acknowledged, so their
 * keys' misses are not counted as lost.
 */
public record StrategyResult(StrategyKind kind, List<PhaseResult> phases, List<HitRatioSample> timeline,
    long failedWrites, long failedDeletes, Duration elapsed) {

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

  public long totalLost() {
    return phases.stream().mapToLong(PhaseResult::lost).sum();
  }

  public long totalResurrected() {
    return phases.stream().mapToLong(PhaseResult::resurrected).sum();
  }
}
