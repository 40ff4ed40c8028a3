package io.mcjcache.transport;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;

import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;

/**
 * Makes the single shared spymemcached client send every operation to the node the caller names
 * rather than to a hash of the key: {@link NodeConnections#send} pins the node index in a
 * thread-local just before it enqueues the operation. This works because spymemcached asks the
 * locator for {@code getPrimary(key)} on the caller's thread when it enqueues (both single-key
 * operations and the per-node grouping of a bulk get). It would break if spymemcached ever
 * re-located an operation on its I/O thread, which in 2.12.3 happens only with
 * {@code FailureMode.Redistribute} (we use {@code Cancel}), for Couchbase "not my vbucket" retries and
 * when the node list changes (ours never does); an unpinned call therefore fails loudly instead of
 * guessing.
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
