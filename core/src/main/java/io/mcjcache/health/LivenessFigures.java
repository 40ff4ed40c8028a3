package io.mcjcache.health;

import java.util.List;

/**
 * What the liveness component tells operators (through the router figures and JMX): where the view comes
 * from, each node's state, and how much of it this process decided itself or took from others.
 */
public interface LivenessFigures extends ClusterRecordFigures {

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
}
