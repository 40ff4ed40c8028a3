package io.mcjcache.routing;

/**
 * A node's state in one {@link ClusterView}, as operators see it ({@code NodeStates} in JMX, the proxy's
 * {@code stats}, health and metrics; docs/operations.md). One rule, so that every report agrees: a returning
 * node is dead to operations but shown apart, and an alive node with unclosed episodes is recovering.
 */
public enum NodeStatus {
  /** Serving, with no unclosed episode. */
  ALIVE,
  /** Serving, while the keys written during its absence are moved back or deleted. */
  RECOVERING,
  /** Dead to operations, flushed, and waiting for every host to see its return. */
  RETURNING,
  /** Dead. */
  DEAD;

  /** Whether operations use the node (alive or recovering). */
  public boolean serves() {
    return this == ALIVE || this == RECOVERING;
  }
}
