package io.mcjcache.transport;

/**
 * Base of the transport's unchecked exceptions; always names the node index the operation was
 * addressed to, because the caller (the router) decides what to do per node.
 */
public abstract class TransportException extends RuntimeException {

  private final int node;

  TransportException(int node, String message, Throwable cause) {
    super(message, cause);
    this.node = node;
  }

  /** The index (0..N-1, the configured order) of the node the operation was sent to. */
  public int node() {
    return node;
  }
}
