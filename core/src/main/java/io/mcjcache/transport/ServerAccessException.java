package io.mcjcache.transport;

/**
 * One or more servers refused this client at start-up: a TLS handshake failed, credentials were refused or
 * are missing, or a server speaks a way this client does not (plain text against TLS, the binary protocol
 * only). A configuration error: the message names every refusing node, its address and what to check, and
 * never a password.
 */
public final class ServerAccessException extends TransportException {

  ServerAccessException(int node, String message, Throwable cause) {
    super(node, message, cause);
  }
}
