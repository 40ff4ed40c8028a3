package io.mcjcache.transport;

/**
 * Why a node did not answer an operation. Every kind means "the outcome is unknown", never "the key
 * is absent": a write that failed this way may or may not have been applied by the server.
 */
public enum FailureKind {
  /** The node did not answer within the operation timeout (paused, overloaded, or cut off). */
  TIMEOUT,
  /** No connection to the node: refused, reset, or still reconnecting after it was lost. */
  UNREACHABLE,
  /** The server answered with {@code SERVER_ERROR} (for example out of memory). */
  SERVER_ERROR,
  /** The node answered something this client does not understand, or answered an error for a
   * well-formed request. */
  PROTOCOL,
  /**
   * The node refused this client: its TLS handshake failed, or it refused the credentials (or asked for
   * some and none are configured). Configuration, not the network: it will not heal by itself.
   */
  REFUSED,
  /** The transport was closed, or the calling thread was interrupted while waiting. */
  CLOSED
}
