package io.mcjcache.cluster;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import java.util.concurrent.CompletableFuture;

/**
 * The one home of the rule that keeps removals removed on a recovering node: there, a removal leaves a
 * short-lived tombstone (an empty value) instead of nothing. A recovering node is the target of
 * {@code add}s that read an older value before the removal (a read repair, the episode closer moving
 * diverted and mirrored copies home); an {@code add} fails on a tombstone, but succeeds on an empty slot
 * and would bring the removed value back. Every path that removes a copy (a single delete, a batch, the
 * mirror brought to an atomic update's result) asks this class, so that none of them forgets it.
 * Reads treat a tombstone as an authoritative "removed" and do not fall back (docs/routing.md).
 */
final class Tombstones {
  /** An empty value marks a removal; stored values are never empty. */
  static final byte[] VALUE = new byte[0];
  /**
   * Long enough to outlive any repair or key move that read the old value before the removal (each is a
   * few operations bounded by the op timeout), short enough not to crowd the server.
   */
  static final int EXPTIME = 30;
  /** A tombstone as an item of a pipelined batch. */
  static final Item ITEM = new Item(EXPTIME, VALUE);

  private Tombstones() {}

  /** Whether a removal of a key's copy on {@code node} must leave a tombstone rather than delete. */
  static boolean needed(ClusterView view, int node) {
    return view.isRecovering(node);
  }

  /**
   * Removes the key's copy on {@code node} as the rule says. The reply is whether a copy was found and
   * deleted; a tombstone cannot tell, so it says no.
   */
  static CompletableFuture<Boolean> removeAsync(MemcachedTransport transport, ClusterView view, int node,
      String key) {
    if (needed(view, node)) {
      return transport.setAsync(node, key, EXPTIME, VALUE).thenApply(stored -> false);
    }
    return transport.deleteAsync(node, key);
  }

  static boolean isTombstone(byte[] value) {
    return value.length == 0;
  }
}
