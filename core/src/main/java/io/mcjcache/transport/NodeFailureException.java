package io.mcjcache.transport;

/**
 * A node failed to give an answer: the operation's outcome is unknown. Distinct by type from a miss
 * ({@code null}/{@code false}) and from a CAS mismatch ({@link CasOutcome#EXISTS}), so that a dead
 * node can never be mistaken for an absent key.
 */
public final class NodeFailureException extends TransportException {

  private final FailureKind kind;

  public NodeFailureException(int node, FailureKind kind, String message, Throwable cause) {
    super(node, "node " + node + " " + kind + ": " + message, cause);
    this.kind = kind;
  }

  public FailureKind kind() {
    return kind;
  }
}
