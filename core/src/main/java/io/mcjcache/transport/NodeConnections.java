package io.mcjcache.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import net.spy.memcached.BroadcastOpFactory;
import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;

/**
 * The connections to all nodes. In plain text, one shared spymemcached client (one I/O thread, one
 * connection per node) whose locator sends each operation to the node pinned by {@link #send}: measured
 * faster than one client per node on most node and thread counts (docs/transport.md); NIO keeps a hung
 * node from blocking the others on the shared thread.
 *
 * <p>With TLS, one client per node. The client's TLS handshake runs on its I/O thread and blocks it for up
 * to the op timeout when a node accepts TCP but never answers, which on a shared thread stalls every
 * other node at each reconnect attempt; and the client verifies one host name per factory. A client per
 * node keeps a hung node's cost its own and verifies each node's own name (docs/transport.md, "TLS").
 */
final class NodeConnections implements AutoCloseable {

  private final List<InetSocketAddress> addresses;
  private final List<Client> clients;
  /** Per node: its client, and its index in that client's locator. */
  private final int[] clientOf;
  private final int[] pinOf;
  private final List<MemcachedNode> nodes;
  private final ThreadLocal<Integer> pinnedNode;
  private final ExecutorService listenerExecutor;

  private NodeConnections(List<InetSocketAddress> addresses, List<Client> clients, ThreadLocal<Integer> pinnedNode,
      ExecutorService listenerExecutor) {
    this.addresses = addresses;
    this.clients = clients;
    this.pinnedNode = pinnedNode;
    this.listenerExecutor = listenerExecutor;
    this.clientOf = new int[addresses.size()];
    this.pinOf = new int[addresses.size()];
    List<MemcachedNode> all = new ArrayList<>();
    for (int c = 0; c < clients.size(); c++) {
      List<MemcachedNode> own = List.copyOf(clients.get(c).getNodeLocator().getAll());
      for (int pin = 0; pin < own.size(); pin++) {
        clientOf[all.size()] = c;
        pinOf[all.size()] = pin;
        all.add(own.get(pin));
      }
    }
    this.nodes = List.copyOf(all);
  }

  static NodeConnections open(TransportSettings settings) {
    ExecutorService listeners = Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("mcjcache-transport-listener"));
    ThreadLocal<Integer> pinnedNode = new ThreadLocal<>();
    List<InetSocketAddress> wire = settings.nodes().stream().map(NodeConnections::withoutLookups).toList();
    List<Client> clients = new ArrayList<>();
    try {
      if (settings.security().usesTls()) {
        for (int node = 0; node < wire.size(); node++) {
          clients.add(Client.open(settings, pinnedNode, listeners, List.of(wire.get(node)),
              settings.nodes().get(node).getHostString()));
        }
      } else {
        clients.add(Client.open(settings, pinnedNode, listeners, wire, null));
      }
    } catch (IOException e) {
      clients.forEach(client -> client.shutdown(0, TimeUnit.MILLISECONDS));
      listeners.shutdownNow();
      throw new UncheckedIOException("cannot open spymemcached connections to " + settings.nodes(), e);
    }
    NodeConnections connections = new NodeConnections(settings.nodes(), List.copyOf(clients), pinnedNode, listeners);
    connections.awaitInitialConnections(settings.connectTimeout().toNanos());
    return connections;
  }

  /**
   * The address the wire client is given: the configured one's IP under the IP's own text as its name. The
   * client looks a node's name up again at every reconnect (and would reverse-resolve a bare IP at start);
   * a name that later resolves elsewhere would take the node away from where it was configured and checked.
   * TLS host names are passed separately ({@link TransportConnectionFactory}).
   */
  private static InetSocketAddress withoutLookups(InetSocketAddress configured) {
    InetAddress resolved = configured.getAddress();
    if (resolved == null) {
      return configured; // unresolved now: the client keeps retrying the name, as health does
    }
    try {
      return new InetSocketAddress(InetAddress.getByAddress(resolved.getHostAddress(), resolved.getAddress()),
          configured.getPort());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of " + resolved.getAddress().length + " bytes", e);
    }
  }

  /**
   * spymemcached connects in the background; with {@code FailureMode.Cancel} calls made before a
   * connection is up would fail. Wait (bounded) until every node is connected (and, with credentials,
   * authenticated) or has refused once. spymemcached counts a node that was never connected as reconnect
   * attempt 1; a refusal makes it 2.
   */
  private void awaitInitialConnections(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    for (int node = 0; node < nodes.size(); node++) {
      while (!isConnected(node) && nodes.get(node).getReconnectCount() <= 1 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }
  }

  int size() {
    return nodes.size();
  }

  /**
   * Runs {@code enqueue} (a spymemcached call) with {@code node} pinned, so that the locator sends
   * everything it enqueues to that node. The node index must already be checked.
   */
  <F> F send(int node, Function<MemcachedClient, F> enqueue) {
    pinnedNode.set(pinOf[node]);
    try {
      return enqueue.apply(clients.get(clientOf[node]));
    } finally {
      pinnedNode.remove();
    }
  }

  /** Queues one broadcast-style operation (stats, version) on one node only. */
  CountDownLatch broadcastTo(int node, BroadcastOpFactory operation) {
    return clients.get(clientOf[node]).broadcastTo(List.of(nodes.get(node)), operation);
  }

  /** Whether there is an open connection to the node that may carry calls (authenticated, when required). */
  boolean isConnected(int node) {
    return nodes.get(node).isActive() && clients.get(clientOf[node]).authenticator.isReady(pinOf[node]);
  }

  /**
   * The failure of a call to a node that {@link #isConnected} says no to: {@link FailureKind#UNREACHABLE}
   * while the connection is down or its credentials are not answered yet, {@link FailureKind#REFUSED} when
   * the server refused them on its last connection.
   */
  NodeFailureException notConnected(int node) {
    if (!nodes.get(node).isActive()) {
      return new NodeFailureException(node, FailureKind.UNREACHABLE, "not connected to " + addresses.get(node),
          null);
    }
    String refusal = clients.get(clientOf[node]).authenticator.refusal(pinOf[node]);
    return refusal != null
        ? new NodeFailureException(node, FailureKind.REFUSED, addresses.get(node) + " " + refusal, null)
        : new NodeFailureException(node, FailureKind.UNREACHABLE, "connected to " + addresses.get(node)
            + ", not authenticated yet", null);
  }

  InetSocketAddress address(int node) {
    return addresses.get(node);
  }

  ConnectionFactory factory() {
    return clients.get(0).factory;
  }

  @Override
  public void close() {
    clients.forEach(client -> client.shutdown(0, TimeUnit.MILLISECONDS));
    listenerExecutor.shutdown();
  }

  static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * One spymemcached client with its authenticator, exposing the one thing MemcachedClient keeps protected
   * that we need: a broadcast to chosen nodes.
   */
  private static final class Client extends MemcachedClient {
    final ConnectionFactory factory;
    final NodeAuthenticator authenticator;

    private Client(ConnectionFactory factory, NodeAuthenticator authenticator, List<InetSocketAddress> addresses)
        throws IOException {
      super(factory, new ArrayList<>(addresses));
      this.factory = factory;
      this.authenticator = authenticator;
      authenticator.attach(mconn, factory.getOperationFactory());
    }

    static Client open(TransportSettings settings, ThreadLocal<Integer> pinnedNode, ExecutorService listeners,
        List<InetSocketAddress> addresses, String tlsHost) throws IOException {
      NodeAuthenticator authenticator = new NodeAuthenticator(settings.security(), addresses);
      return new Client(new TransportConnectionFactory(settings, pinnedNode, listeners, tlsHost, authenticator),
          authenticator, addresses);
    }

    CountDownLatch broadcastTo(Collection<MemcachedNode> targets, BroadcastOpFactory operation) {
      return mconn.broadcastOperation(operation, targets);
    }
  }
}
