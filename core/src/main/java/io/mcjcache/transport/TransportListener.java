package io.mcjcache.transport;

/**
 * Told the outcome of every call, so that the health component can count consecutive failures from
 * real traffic (passive failure detection) without the transport keeping any counters itself.
 * Called on the thread that completes the call (the caller's, or a listener thread for async
 * calls): implementations must be cheap, thread-safe and must not throw.
 *
 * <p>A miss, a "not stored" and a CAS mismatch are successes: the node answered. An
 * {@link ItemTooLargeException} is reported as a success too (the node is healthy).
 */
public interface TransportListener {

  /** Does nothing; the default. */
  TransportListener NONE = new TransportListener() {
    @Override
    public void onSuccess(int node) {
    }

    @Override
    public void onFailure(int node, FailureKind kind) {
    }
  };

  void onSuccess(int node);

  void onFailure(int node, FailureKind kind);
}
