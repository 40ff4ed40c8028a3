package io.mcjcache.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import net.spy.memcached.ConnectionFactory;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.MemcachedNode;

/**
 * One spymemcached client per configured node, so that "send this to node i" needs no locator
 * tricks: each client knows exactly one server. Measured faster than one shared client with a
 * pinning locator (docs/transport.md), and it keeps a hung node's I/O thread from delaying the
 * others.
 *
 * <p>spymemcached settings and why:
 * <ul>
 *   <li>text protocol: memcached 1.6 deprecates the binary one, and metadump is text anyway;</li>
 *   <li>{@code FailureMode.Cancel}: while a node is disconnected its operations fail at once;
 *       {@code Redistribute} would silently send them to another node, which only the router may
 *       decide;</li>
 *   <li>max reconnect delay and timeout threshold from {@link TransportSettings} (short, so a
 *       restarted node is used again quickly and a hung connection is dropped quickly);</li>
 *   <li>op queue block time = op timeout, so enqueueing onto a full queue of a hung node cannot
 *       block a caller longer than one operation may take;</li>
 *   <li>daemon I/O threads and our own daemon listener executor, so an unclosed transport never
 *       keeps a JVM alive (spymemcached's default listener pool uses non-daemon threads).</li>
 * </ul>
 */
final class NodeConnections implements AutoCloseable {

    private final List<InetSocketAddress> addresses;
    private final List<MemcachedClient> clients;
    private final List<MemcachedNode> nodes;
    private final ExecutorService listenerExecutor;
    private final ConnectionFactory factory;

    private NodeConnections(List<InetSocketAddress> addresses, List<MemcachedClient> clients,
            ExecutorService listenerExecutor, ConnectionFactory factory) {
        this.addresses = addresses;
        this.clients = clients;
        this.listenerExecutor = listenerExecutor;
        this.factory = factory;
        List<MemcachedNode> spyNodes = new ArrayList<>(clients.size());
        for (MemcachedClient client : clients) {
            spyNodes.add(client.getNodeLocator().getAll().iterator().next());
        }
        this.nodes = List.copyOf(spyNodes);
    }

    static NodeConnections open(TransportSettings settings) {
        ExecutorService listeners = Executors.newFixedThreadPool(
                Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("mcjcache-transport-listener"));
        ConnectionFactory factory = new ConnectionFactoryBuilder()
                .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
                .setFailureMode(FailureMode.Cancel)
                .setOpTimeout(settings.opTimeout().toMillis())
                .setOpQueueMaxBlockTime(settings.opTimeout().toMillis())
                .setMaxReconnectDelay(settings.maxReconnectDelay().toSeconds())
                .setTimeoutExceptionThreshold(settings.timeoutExceptionThreshold())
                .setDaemon(true)
                .setShouldOptimize(false)
                .setListenerExecutorService(listeners)
                .build();
        List<MemcachedClient> clients = new ArrayList<>();
        try {
            for (InetSocketAddress address : settings.nodes()) {
                clients.add(new MemcachedClient(factory, List.of(address)));
            }
        } catch (IOException e) {
            clients.forEach(c -> c.shutdown(0, TimeUnit.MILLISECONDS));
            listeners.shutdownNow();
            throw new UncheckedIOException("cannot open spymemcached connections to " + settings.nodes(), e);
        }
        NodeConnections connections = new NodeConnections(settings.nodes(), List.copyOf(clients), listeners, factory);
        connections.awaitInitialConnections(settings.connectTimeout().toNanos());
        return connections;
    }

    /**
     * spymemcached connects in the background; with {@code FailureMode.Cancel} calls made before a
     * connection is up would fail. Wait (bounded) until every node is connected or has refused once.
     */
    private void awaitInitialConnections(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        for (MemcachedNode node : nodes) {
            while (!node.isActive() && node.getReconnectCount() == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    int size() {
        return clients.size();
    }

    /** The client of a node; the node index must already be checked. */
    MemcachedClient client(int node) {
        return clients.get(node);
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
        for (MemcachedClient client : clients) {
            client.shutdown(0, TimeUnit.MILLISECONDS);
        }
        listenerExecutor.shutdown();
    }

    static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
