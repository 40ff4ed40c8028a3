package io.mcjcache.cluster;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.transport.CasOutcome;
import io.mcjcache.transport.Item;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.Reply;

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
  /** An empty value marks a removal; stored values are never empty (empty, so nobody can change it). */
  static final byte[] VALUE = new byte[0];
  /**
   * Long enough to outlive any repair or key move that read the old value before the removal (each is a
   * few operations bounded by the op timeout), short enough not to crowd the server.
   */
  private static final int EXPTIME = 30;
  /** A tombstone as an item of a pipelined batch. */
  private static final Item ITEM = new Item(EXPTIME, VALUE);

  private Tombstones() {}

  /** Whether a removal of a key's copy on {@code node} must leave a tombstone rather than delete. */
  private static boolean needed(ClusterView view, int node) {
    return view.isRecovering(node);
  }

  /**
   * What a batch removal stores on {@code node} in place of the key's copy: a tombstone where the rule
   * asks for one, else null, and the copy is deleted.
   */
  static Item batchRemoval(ClusterView view, int node) {
    return needed(view, node) ? ITEM : null;
  }

  /**
   * Removes the key's copy on {@code node} as the rule says. The reply is whether a copy was found and
   * deleted; a tombstone cannot tell, so it says no.
   */
  static Reply<Boolean> sendRemoval(MemcachedTransport transport, ClusterView view, int node, String key) {
    if (needed(view, node)) {
      return transport.sendSet(node, key, EXPTIME, VALUE).map(stored -> false);
    }
    return transport.sendDelete(node, key);
  }

  /**
   * An atomic update's removal of the item it read with {@code cas}: a tombstone in its place, so that the
   * removal too only wins over the value it saw. Whether it was stored.
   */
  static boolean casRemove(MemcachedTransport transport, int node, String key, long cas) {
    return transport.cas(node, key, cas, EXPTIME, VALUE) == CasOutcome.STORED;
  }

  /**
   * An atomic update's removal of a key that {@code node} does not hold: nothing to do, except where the
   * rule asks for a tombstone, which is added (and loses, like the removal, to a value added meanwhile).
   * Whether the removal holds.
   */
  static boolean removeAbsent(MemcachedTransport transport, ClusterView view, int node, String key) {
    return !needed(view, node) || transport.add(node, key, EXPTIME, VALUE);
  }

  static boolean isTombstone(byte[] value) {
    return value.length == 0;
  }
}
