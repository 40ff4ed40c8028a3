package io.mcjcache.health;

import java.util.List;

/**
 * What the liveness component tells operators (through the router figures and JMX): where the view comes
 * from, each node's state, and how much of it this process decided itself or took from others.
 */
public interface LivenessFigures {

  /** One line per node: {@code index STATE since=<instant>}. */
  List<String> nodeStates();

  /** Where the view comes from ({@link ViewSource#describe}). */
  default String viewSource() {
    return "own";
  }

  /** Rounds this process probed the nodes itself. */
  default long probeRounds() {
    return 0;
  }

  /** Node deaths and returns taken over from other processes of the host. */
  default long adoptedTransitions() {
    return 0;
  }

  /** Copies of the cluster record read ({@link ViewSource#recordReads}). */
  default long recordReads() {
    return 0;
  }

  /** Copies of the cluster record written ({@link ViewSource#recordWrites}). */
  default long recordWrites() {
    return 0;
  }

  /** Transitions taken from the cluster record ({@link ViewSource#adoptedFromRecord}). */
  default long adoptedFromRecord() {
    return 0;
  }

  /** Flush leases taken over from a flusher of this host that ended ({@link ViewSource#flushTakeovers}). */
  default long flushTakeovers() {
    return 0;
  }
}
