package io.mcjcache.cluster;

import io.mcjcache.health.HealthMonitor;
import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.routing.ClusterView;
import io.mcjcache.routing.NodeList;
import io.mcjcache.routing.Router;
import io.mcjcache.transport.CasOutcome;
import io.mcjcache.transport.CasValue;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.NodeFailureException;
import java.util.concurrent.CompletableFuture;

/**
 * Atomic read-modify-write, the answer to the 2004 design's open question (docs/design.md, "Atomic
 * read-modify-write"): the node a read of the key tries first (P, or M while P is dead) is the single
 * authority, so that what an update decided there is what the next read finds. When it may lack the key
 * (it is recovering) it is first repaired from the copies a read would consult after its miss; then a
 * {@code gets}/{@code cas} loop (or {@code add} when absent) runs there; a removal is a {@code cas} to a tombstone, so that it too
 * only wins over the value it saw. The mirror is brought to the result afterwards and the copies the plan
 * names stale are deleted.
 *
 * <p>Every update holds the key's {@link KeyClaim} (callers in this process take turns), and before each
 * compare-and-swap it looks, in the same round trip as the {@code gets}, for another client's
 * {@link OwnerLease} on the key and waits for it; a lost compare-and-swap is reported to the claim, which
 * takes the lease itself after the second loss. So the loop is bounded by how many clients contend, not
 * by luck (README guarantee 7).
 */
final class OwnerUpdate {
  /**
   * A guard against a bug, not a limit of contention: with leases every round after the second is a
   * turn that other clients wait for, so a healthy update never comes near it.
   */
  private static final int MAX_CAS_ROUNDS = 10_000;

  private final PlanExecution execution;
  private final Router router;
  private final MemcachedTransport transport;
  private final HealthMonitor health;
  private final RouterFigures figures;

  private final KeyTurns turns;
  private final OwnerLease lease;

  OwnerUpdate(PlanExecution execution, KeyTurns turns, OwnerLease lease) {
    this.turns = turns;
    this.lease = lease;
    this.execution = execution;
    this.router = execution.router();
    this.transport = execution.transport();
    this.health = execution.health();
    this.figures = execution.figures();
  }

  <R> R update(String key, Mutation<R> mutation) {
    try (KeyClaim claim = turns.claim(key)) {
      return update(key, mutation, claim);
    }
  }

  /**
   * Plans, runs and follows the update. A plan is only good for as long as an operation may take: after a
   * wait (for a returned authority to settle, or for another client's lease) the update plans again under
   * the view of now, since the copies its old plan named may have moved meanwhile (the episode walk moves
   * diverted copies home once a returned node has settled). Failed nodes end the update after one round
   * per node.
   */
  private <R> R update(String key, Mutation<R> mutation, KeyClaim claim) {
    byte[] keyBytes = RoutedClusterStore.bytes(key);
    int failedRounds = 0;
    while (failedRounds <= router.settings().nodeCount()) {
      ClusterView view = health.view();
      AtomicPlan plan = router.planAtomic(keyBytes, view);
      if (plan.allDown()) {
        execution.allDown("update");
        Decision<R> decision = mutation.decide(null);
        if (decision.action() != Decision.Action.KEEP) {
          figures.droppedWrites.increment();
        }
        return decision.result();
      }
      int authority = plan.authority();
      if (!plan.repairSources().isEmpty() && awaitCopiesHome(view, authority)) {
        continue;
      }
      Decision<R> decision;
      try {
        if (!plan.repairSources().isEmpty()) {
          repairAuthority(key, authority, plan.repairSources());
        }
        decision = casLoop(key, authority, mutation, claim, view);
        if (decision == null) {
          continue;
        }
        health.observeSuccess(authority);
      } catch (NodeFailureException e) {
        execution.writeFailure(authority);
        failedRounds++;
        continue;
      }
      follow(key, decision, plan, view);
      return decision.result();
    }
    throw new StoreException("mcjcache: could not update '" + key + "': nodes kept failing while it was retried");
  }

  /** Before a CAS on a node that may lack the key, copy the newest other copy there (never overwriting). */
  private void repairAuthority(String key, int authority, NodeList sources) {
    if (transport.get(authority, key) != null) {
      return;
    }
    for (int i = 0; i < sources.size(); i++) {
      int source = sources.get(i);
      byte[] value;
      try {
        value = transport.get(source, key);
        health.observeSuccess(source);
      } catch (NodeFailureException e) {
        // The copy that could not be read may be the newest: the update goes on without it, so that copy
        // must never be served again (a removal decided "absent" here would leave it to resurrect). Dead
        // now, as after a failed write, and flushed when the node comes back.
        execution.writeFailure(source);
        continue;
      }
      if (value == null) {
        continue;
      }
      int exptime = execution.copyExptime(value);
      if (exptime >= 0 && transport.add(authority, key, exptime, value)) {
        figures.readRepairs.increment();
      }
      return;
    }
  }

  /**
   * An authority that came back only just now is repaired once the operations planned while it was away
   * have ended (PlanExecution.copiesHomeFrom): a removal among them could otherwise delete the copy this
   * repair moves, and the authority would keep it. Atomic updates of its keys wait that long once.
   *
   * @return whether it waited (the caller then plans again)
   */
  private boolean awaitCopiesHome(ClusterView view, int authority) {
    long wait = execution.copiesHomeFrom(view, authority) - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreException("mcjcache: interrupted while node " + authority + " settled after its return", e);
      }
      return true;
    }
    return false;
  }

  /**
   * Runs the mutation against the node's current item until its decision applies. A removal is a
   * {@code cas} to a tombstone, so that it only wins over the value it saw; on a recovering node a
   * removal of an absent key leaves a tombstone too ({@link Tombstones}).
   *
   * @return the decision applied, or null when the update waited for another client's lease while the
   *     view changed: the caller plans again
   */
  private <R> Decision<R> casLoop(String key, int node, Mutation<R> mutation, KeyClaim claim, ClusterView planned) {
    String leaseKey = lease.keyOf(key);
    for (int attempt = 0; attempt < MAX_CAS_ROUNDS; attempt++) {
      CompletableFuture<CasValue> item = transport.getsAsync(node, key);
      CompletableFuture<byte[]> othersLease = turns.heldLease(key) == null ? transport.getAsync(node, leaseKey) : null;
      CasValue current = Replies.await(item);
      if (othersLease != null && Replies.await(othersLease) != null) {
        turns.awaitLease(key); // another client's turn: wait for it, then read again under our own lease
        if (health.view() != planned) {
          return null;
        }
        continue;
      }
      byte[] value = current == null || Tombstones.isTombstone(current.value()) ? null : current.value();
      Decision<R> decision = mutation.decide(value);
      boolean applied = switch (decision.action()) {
        case KEEP -> true;
        case WRITE -> current == null
            ? transport.add(node, key, decision.exptime(), decision.value())
            : transport.cas(node, key, current.cas(), decision.exptime(), decision.value()) == CasOutcome.STORED;
        case REMOVE -> value == null
            ? current != null || Tombstones.removeAbsent(transport, planned, node, key)
            : Tombstones.casRemove(transport, node, key, current.cas());
      };
      if (applied) {
        return decision;
      }
      claim.contended();
    }
    throw new StoreException("mcjcache: gave up updating '" + key + "' after " + MAX_CAS_ROUNDS
        + " compare-and-swap rounds lost to concurrent writers");
  }

  /**
   * Brings the mirror to the authority's result and deletes copies the update made stale. A removal
   * reaches a recovering follower as a tombstone: the episode closer or a read repair may be about to
   * {@code add} the value this update removed there.
   */
  private void follow(String key, Decision<?> decision, AtomicPlan plan, ClusterView view) {
    if (decision.action() == Decision.Action.KEEP) {
      return;
    }
    PendingWrite write = PendingWrite.start(transport, key, decision.value(), decision.exptime(),
        decision.action() == Decision.Action.REMOVE, plan.followers(), plan.fallbackDeletes(), view);
    // A follower that fails is dead now (it may keep the old value); the authority holds the result.
    execution.settle(write.requests);
  }
}
