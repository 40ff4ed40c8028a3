package io.mcjcache.demo;

/**
 * One point of the chart: the hit and stale ratios of a slice of a read pass.
 *
 * @param position where in the schedule: the pass's ordinal plus the fraction of it done (0 to 3)
 */
public record HitRatioSample(double position, double hitRatio, double staleRatio) {}
