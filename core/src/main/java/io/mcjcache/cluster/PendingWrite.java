package io.mcjcache.cluster;

import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.WritePlan;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.Reply;
import io.mcjcache.transport.TransportException;
import java.util.ArrayList;
import java.util.List;

/**
 * The requests of one key's write, all sent before any is awaited, so that the two copies (and the
 * deletes of stale copies) travel in parallel and batches pipeline on each node's connection. They are
 * awaited on the caller's thread ({@link Reply}), as a read is.
 */
final class PendingWrite {
  /** One request to one node; fallback deletes do not count towards the copies written. */
  record Request(int node, Reply<Boolean> reply, boolean fallbackDelete) {}

  final List<Request> requests;
  private final boolean removal;

  private PendingWrite(boolean removal, List<Request> requests) {
    this.removal = removal;
    this.requests = requests;
  }

  /**
   * Sends the plan's requests. A removal removes each copy as {@link Tombstones} says (a tombstone on a
   * recovering node).
   */
  static PendingWrite start(MemcachedTransport transport, String key, byte[] value, int exptime,
      boolean removal, WritePlan plan, ClusterView view) {
    return start(transport, key, value, exptime, removal, plan.targets(), plan.fallbackDeletes(), view);
  }

  /**
   * Sends a write (or removal) to {@code targets} and deletes to {@code stale}: a plan's, or an atomic
   * update's followers and the copies it made stale.
   */
  static PendingWrite start(MemcachedTransport transport, String key, byte[] value, int exptime,
      boolean removal, NodeList targets, NodeList stale, ClusterView view) {
    List<Request> requests = new ArrayList<>(targets.size() + stale.size());
    for (int i = 0; i < targets.size(); i++) {
      int node = targets.get(i);
      Reply<Boolean> reply = removal
          ? Tombstones.sendRemoval(transport, view, node, key)
          : transport.sendSet(node, key, exptime, value);
      requests.add(new Request(node, reply, false));
    }
    for (int i = 0; i < stale.size(); i++) {
      requests.add(new Request(stale.get(i), transport.sendDelete(stale.get(i), key), true));
    }
    return new PendingWrite(removal, requests);
  }

  /**
   * For removals, once settled: whether a copy was found and deleted (a tombstone cannot tell, so it says
   * no). A request that failed says no.
   */
  boolean existed() {
    if (!removal) {
      return false;
    }
    for (Request request : requests) {
      if (!request.fallbackDelete() && deleted(request.reply())) {
        return true;
      }
    }
    return false;
  }

  private static boolean deleted(Reply<Boolean> reply) {
    try {
      return Boolean.TRUE.equals(reply.await());
    } catch (TransportException e) {
      return false;
    }
  }
}
