package io.mcjcache.cluster;

import io.mcjcache.health.HealthMonitor;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.DownEpisode;
import io.mcjcache.routing.Router;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import java.util.List;

/**
 * How this package carries the router's plans out, shared by every executor (the store, atomic updates,
 * leases, the episode walk): the pieces wired once per store (the pure router, the transport, health,
 * which owns the liveness view, how long copied values may live, the counters) and the rules they all
 * follow: how a failure is reported (a read counts, a write kills), how one key's write requests are
 * settled, what no live node means ({@code allDown}), and when and for how long a value may be copied to
 * another node. Failures are reported through here to health, which also counts them (with failed
 * probes) in the figures, so that counting and liveness never drift apart.
 */
record PlanExecution(Router router, MemcachedTransport transport, HealthMonitor health, ValueExpiry expiry,
    RouterFigures figures, boolean failWhenAllDown, InFlightOperations inFlight) {

  /** A read (or other idempotent request) failed: counted towards {@code failuresToDead}. */
  void readFailure(int node) {
    health.observeFailure(node);
  }

  /** A write failed: the node may hold a superseded value now, so it is dead at once. */
  void writeFailure(int node) {
    health.observeWriteFailure(node);
  }

  /**
   * Waits for one key's write requests (each bounded by the op timeout), reports each outcome to
   * health and counts fallback deletes. {@code true} when every copy (not counting fallback deletes) was
   * written; a node that failed is dead now and the caller may re-plan.
   */
  boolean settle(List<PendingWrite.Request> requests) {
    boolean complete = true;
    for (PendingWrite.Request request : requests) {
      try {
        request.reply().await();
        health.observeSuccess(request.node());
        if (request.fallbackDelete()) {
          figures.fallbackDeletes.increment();
        }
      } catch (NodeFailureException e) {
        writeFailure(request.node());
        complete &= request.fallbackDelete();
      }
    }
    return complete;
  }

  /**
   * How long an operation planned under an older view may still be running: an op timeout for each node
   * it may try, plus one (README guarantee 5). Operations of other processes that share the host's view
   * cannot be counted, only waited out.
   */
  long stragglerBoundMillis() {
    return transport.settings().opTimeout().toMillis() * (router.settings().nodeCount() + 1);
  }

  /**
   * From when copies may move to {@code node} (a read repair, an atomic update's repair of its authority,
   * the episode walk): once every operation planned while it was away has ended. Before that, such an
   * operation (a removal, say, that skipped the node because it was dead) may still be changing the copy
   * being moved, and the node would keep what it superseded. 0 when the node never returned.
   */
  long copiesHomeFrom(ClusterView view, int node) {
    long back = 0;
    for (DownEpisode episode : view.episodes(node)) {
      back = Math.max(back, episode.endMillis().orElse(0));
    }
    return back == 0 ? 0 : back + stragglerBoundMillis();
  }

  /**
   * The exptime for a copy of {@code value} moved to another node (a read repair, an atomic update's
   * repair, the episode walk), or -1 when it must not be copied: a tombstone (docs/routing.md, a
   * removal's mark stays where the removal put it) or a value that has expired.
   */
  int copyExptime(byte[] value) {
    return Tombstones.isTombstone(value) ? -1 : expiry.exptimeOf(value);
  }

  /** No node can serve: throw with {@code allDown=error}, else let the caller miss or drop. */
  void allDown(String what) {
    if (failWhenAllDown) {
      throw new StoreUnavailableException("mcjcache: cannot " + what + ": all "
          + router.settings().nodeCount() + " memcached nodes are down (allDown=error)");
    }
  }
}
