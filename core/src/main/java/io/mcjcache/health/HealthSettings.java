package io.mcjcache.health;

import java.time.Duration;

/**
 * The knobs of liveness, from the manager's configuration.
 *
 * @param flushOnRejoin whether a node that returns without having restarted has our keys dropped
 *     before it serves again ({@code rejoin=flush})
 * @param flushPrefix the key prefix of everything this manager owns on the servers (its namespace), so
 *     a flush never touches other applications' keys
 */
public record HealthSettings(int nodeCount, Duration probeInterval, int failuresToDead, int successesToAlive,
    Duration recoveryWindow, boolean flushOnRejoin, String flushPrefix) {

  public HealthSettings {
    if (nodeCount < 1) {
      throw new IllegalArgumentException("nodeCount must be >= 1, got " + nodeCount);
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("probeInterval must be positive, got " + probeInterval);
    }
  }
}
