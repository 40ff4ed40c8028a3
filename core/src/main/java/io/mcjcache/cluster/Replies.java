package io.mcjcache.cluster;

import io.mcjcache.transport.TransportException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Waits for a transport reply. The transport completes every future within the op timeout (failing it
 * with a {@code NodeFailureException} when the node does not answer), so waiting never needs its own
 * timer; this only unwraps the exception the caller should see.
 */
final class Replies {
  private Replies() {}

  static <T> T await(CompletableFuture<T> reply) {
    try {
      return reply.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("mcjcache: interrupted while waiting for memcached", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof TransportException transport) {
        throw transport;
      }
      if (cause instanceof StoreException storeException) {
        throw storeException;
      }
      throw new StoreException("mcjcache: memcached request failed: " + cause, cause);
    }
  }
}
