package io.mcjcache.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
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
 * The connections to all nodes: one shared spymemcached client (one I/O thread, one connection per
 * node) whose locator sends each operation to the node pinned by {@link #send}. Measured faster than
 * one client per node on most node and thread counts (docs/transport.md); NIO keeps a hung node from
 * blocking the others on the shared thread.
 */
final class NodeConnections implements AutoCloseable {

  private final List<InetSocketAddress> addresses;
  private final SharedClient client;
  private final List<MemcachedNode> nodes;
  private final ThreadLocal<Integer> pinnedNode;
  private final ExecutorService listenerExecutor;
  private final ConnectionFactory factory;

  private NodeConnections(List<InetSocketAddress> addresses, SharedClient client, ThreadLocal<Integer> pinnedNode,
      ExecutorService listenerExecutor, ConnectionFactory factory) {
    this.addresses = addresses;
    this.client = client;
    this.pinnedNode = pinnedNode;
    this.listenerExecutor = listenerExecutor;
    this.factory = factory;
    this.nodes = List.copyOf(client.getNodeLocator().getAll());
  }

  static NodeConnections open(TransportSettings settings) {
    ExecutorService listeners = Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("mcjcache-transport-listener"));
    ThreadLocal<Integer> pinnedNode = new ThreadLocal<>();
    ConnectionFactory factory = new TransportConnectionFactory(settings, pinnedNode, listeners);
    SharedClient client;
    try {
      client = new SharedClient(factory, settings.nodes());
    } catch (IOException e) {
      listeners.shutdownNow();
      throw new UncheckedIOException("cannot open spymemcached connections to " + settings.nodes(), e);
    }
    NodeConnections connections = new NodeConnections(settings.nodes(), client, pinnedNode, listeners, factory);
    connections.awaitInitialConnections(settings.connectTimeout().toNanos());
    return connections;
  }

  /**
   * spymemcached connects in the background; with {@code FailureMode.Cancel} calls made before a
   * connection is up would fail. Wait (bounded) until every node is connected or has refused once.
   * spymemcached counts a node that was never connected as reconnect attempt 1; a refusal makes it 2.
   */
  private void awaitInitialConnections(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    for (MemcachedNode node : nodes) {
      while (!node.isActive() && node.getReconnectCount() <= 1 && System.nanoTime() < deadline) {
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
    pinnedNode.set(node);
    try {
      return enqueue.apply(client);
    } finally {
      pinnedNode.remove();
    }
  }

  /** Queues one broadcast-style operation (stats, version) on one node only. */
  CountDownLatch broadcastTo(int node, BroadcastOpFactory operation) {
    return client.broadcastTo(List.of(nodes.get(node)), operation);
  }

  /** Whether spymemcached currently has an open connection to the node. */
  boolean isConnected(int node) {
    return nodes.get(node).isActive();
  }

  InetSocketAddress address(int node) {
    return addresses.get(node);
  }

  ConnectionFactory factory() {
    return factory;
  }

  @Override
  public void close() {
    client.shutdown(0, TimeUnit.MILLISECONDS);
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

  /** Exposes the one thing MemcachedClient keeps protected that we need: a broadcast to chosen nodes. */
  private static final class SharedClient extends MemcachedClient {
    SharedClient(ConnectionFactory factory, List<InetSocketAddress> addresses) throws IOException {
      super(factory, new ArrayList<>(addresses));
    }

    CountDownLatch broadcastTo(Collection<MemcachedNode> targets, BroadcastOpFactory operation) {
      return mconn.broadcastOperation(operation, targets);
    }
  }
}
