package io.mcjcache.transport;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import net.spy.memcached.ops.OperationErrorType;
import net.spy.memcached.ops.OperationException;

/**
 * Turns whatever spymemcached throws into our two outcomes: {@link NodeFailureException} (the node
 * gave no usable answer) or {@link ItemTooLargeException} (the node refused the size). How
 * spymemcached reports each case, as read in its 2.12.3 sources:
 * <ul>
 *   <li>timeout: {@code CheckedOperationTimeoutException} (a {@link TimeoutException}), thrown by
 *       {@code get(timeout)} or wrapped in an {@link ExecutionException} when the operation had
 *       already timed out in the write queue;</li>
 *   <li>node disconnected ({@code FailureMode.Cancel}) or connection lost with the operation in
 *       flight: {@code ExecutionException(CancellationException)};</li>
 *   <li>{@code SERVER_ERROR}/{@code CLIENT_ERROR} reply: {@code ExecutionException(OperationException)}
 *       (spymemcached also re-opens the connection);</li>
 *   <li>enqueue onto a full queue or a shut-down client: {@link IllegalStateException}.</li>
 * </ul>
 */
final class FailureTranslator {

  private FailureTranslator() {
  }

  static TransportException translate(int node, String key, Throwable failure) {
    Throwable cause = failure;
    if (cause instanceof ExecutionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TransportException transportException) {
      return transportException;
    }
    if (cause instanceof TimeoutException) {
      return new NodeFailureException(node, FailureKind.TIMEOUT, "no answer within the operation timeout", cause);
    }
    if (cause instanceof CancellationException) {
      return new NodeFailureException(node, FailureKind.UNREACHABLE, "not connected (operation cancelled)", cause);
    }
    if (cause instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new NodeFailureException(node, FailureKind.CLOSED, "interrupted while waiting", cause);
    }
    if (cause instanceof OperationException operationException) {
      return fromServerReply(node, key, operationException);
    }
    if (cause instanceof IllegalStateException) {
      String message = String.valueOf(cause.getMessage());
      FailureKind kind = message.contains("Shutting down") ? FailureKind.CLOSED : FailureKind.TIMEOUT;
      return new NodeFailureException(node, kind, "could not queue the operation: " + message, cause);
    }
    return new NodeFailureException(node, FailureKind.PROTOCOL, "unexpected failure: " + cause, cause);
  }

  private static TransportException fromServerReply(int node, String key, OperationException e) {
    String reply = String.valueOf(e.getMessage());
    if (e.getType() == OperationErrorType.SERVER && reply.contains("too large")) {
      return new ItemTooLargeException(node, key, -1, 0, e);
    }
    FailureKind kind = e.getType() == OperationErrorType.SERVER ? FailureKind.SERVER_ERROR : FailureKind.PROTOCOL;
    return new NodeFailureException(node, kind, "server replied " + reply, e);
  }
}
