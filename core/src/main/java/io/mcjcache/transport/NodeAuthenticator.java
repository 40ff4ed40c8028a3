package io.mcjcache.transport;

import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.MemcachedConnection;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.OperationFactory;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StoreOperation;
import net.spy.memcached.ops.StoreType;

/**
 * memcached's ASCII authentication on the wire client's connections, which the client does not speak
 * itself: each new connection's first command is the authenticating {@code set}, put ahead of anything
 * queued, and the node counts as connected ({@link #isReady}) only once the server has answered
 * {@code STORED}. A refusal is kept ({@link #refusal}) so that calls and health say why the node is not
 * used; the server's {@code CLIENT_ERROR} also makes the client drop the connection and try again after its
 * reconnect delay, so credentials fixed on the server are picked up without a restart.
 *
 * <p>Without credentials every node is ready as soon as it is connected.
 */
final class NodeAuthenticator implements ConnectionObserver {

  private final TransportSecurity security;
  private final List<? extends SocketAddress> addresses;
  private final AtomicIntegerArray ready;
  private final AtomicReferenceArray<String> refusals;
  private final boolean[] waitingForClient;
  private volatile Attached attached;

  NodeAuthenticator(TransportSecurity security, List<? extends SocketAddress> addresses) {
    this.security = security;
    this.addresses = List.copyOf(addresses);
    this.ready = new AtomicIntegerArray(addresses.size());
    this.refusals = new AtomicReferenceArray<>(addresses.size());
    this.waitingForClient = new boolean[addresses.size()];
  }

  boolean authenticates() {
    return security.authenticates();
  }

  /** Whether calls may go to the node's connection: always, without credentials; else once accepted. */
  boolean isReady(int node) {
    return !security.authenticates() || ready.get(node) == 1;
  }

  /** The server's refusal of the credentials on the node's last connection, or null. */
  String refusal(int node) {
    return refusals.get(node);
  }

  /**
   * Binds the connection the authenticating commands are queued on, once the client exists; connections
   * that opened while it was being built are authenticated now.
   */
  synchronized void attach(MemcachedConnection connection, OperationFactory operations) {
    attached = new Attached(connection, operations);
    for (int node = 0; node < waitingForClient.length; node++) {
      if (waitingForClient[node]) {
        waitingForClient[node] = false;
        authenticate(node, attached);
      }
    }
  }

  @Override
  public synchronized void connectionEstablished(SocketAddress address, int reconnectCount) {
    int node = addresses.indexOf(address);
    if (node < 0 || !security.authenticates()) {
      return;
    }
    ready.set(node, 0);
    Attached to = attached;
    if (to == null) {
      waitingForClient[node] = true;
    } else {
      authenticate(node, to);
    }
  }

  @Override
  public void connectionLost(SocketAddress address) {
    int node = addresses.indexOf(address);
    if (node >= 0) {
      ready.set(node, 0);
    }
  }

  private void authenticate(int node, Attached to) {
    MemcachedNode target = to.node(addresses.get(node));
    if (target == null) {
      return;
    }
    to.connection.insertOperation(target, to.operations.store(StoreType.set, TransportSecurity.AUTH_KEY, 0, -1,
        security.authenticationData(), new StoreOperation.Callback() {
          @Override
          public void receivedStatus(OperationStatus status) {
            if (status.isSuccess()) {
              refusals.set(node, null);
              ready.set(node, 1);
            } else {
              refusals.set(node, "refused the credentials of auth.username '" + security.username() + "': "
                  + status.getMessage());
            }
          }

          @Override
          public void gotData(String key, long cas) {}

          @Override
          public void complete() {}
        }));
  }

  private record Attached(MemcachedConnection connection, OperationFactory operations) {
    MemcachedNode node(SocketAddress address) {
      for (MemcachedNode candidate : connection.getLocator().getAll()) {
        if (candidate.getSocketAddress().equals(address)) {
          return candidate;
        }
      }
      return null;
    }
  }
}
