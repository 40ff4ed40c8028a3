package io.mcjcache.transport.bench;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;

/**
 * The locator a single shared spymemcached client would need so that every operation goes to the
 * node the router chose rather than to a hash of the key: the caller pins a node index in a
 * thread-local just before it enqueues the operation. This works because spymemcached asks the
 * locator for {@code getPrimary(key)} on the caller's thread when it enqueues (both single-key
 * operations and the per-node grouping of a bulk get). It would break if spymemcached ever
 * re-located an operation on its I/O thread ({@code FailureMode.Redistribute}, retry queues), which
 * is why an unpinned call fails loudly instead of guessing.
 *
 * <p>Kept in the benchmark only: the product uses one client per node (see docs/transport.md).
 */
final class PinnedNodeLocator implements NodeLocator {

    private final List<MemcachedNode> nodes;
    private final ThreadLocal<Integer> pinned;

    PinnedNodeLocator(List<MemcachedNode> nodes, ThreadLocal<Integer> pinned) {
        this.nodes = List.copyOf(nodes);
        this.pinned = pinned;
    }

    @Override
    public MemcachedNode getPrimary(String key) {
        Integer node = pinned.get();
        if (node == null) {
            throw new IllegalStateException("no node pinned on " + Thread.currentThread().getName()
                    + " for key " + key);
        }
        return nodes.get(node);
    }

    @Override
    public Iterator<MemcachedNode> getSequence(String key) {
        return List.of(getPrimary(key)).iterator();
    }

    @Override
    public Collection<MemcachedNode> getAll() {
        return nodes;
    }

    @Override
    public NodeLocator getReadonlyCopy() {
        return this;
    }

    @Override
    public void updateLocator(List<MemcachedNode> newNodes) {
        throw new UnsupportedOperationException("the node list is fixed");
    }
}
