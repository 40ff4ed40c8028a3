package io.mcjcache.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The claims of one store, by key: callers of the same key queue in arrival order (a fair lock per key,
 * created on demand and dropped when nobody holds or waits for it), so contenders inside one process
 * never race each other on the servers. Across processes, a claim that keeps losing takes an
 * {@link OwnerLease} when the store has one.
 */
final class KeyTurns {
  /**
   * Losses before a claim takes the lease. The first loss is usually a one-off collision that a short
   * random pause resolves; a second one means the key is contended by other clients right now.
   */
  static final int LOSSES_BEFORE_LEASE = 2;
  /** Upper bound of the pause after the first loss, in ns (clients stop colliding in step). */
  private static final long FIRST_LOSS_PAUSE_NS = 50_000;

  private final ConcurrentHashMap<String, Turn> turns = new ConcurrentHashMap<>();
  private final OwnerLease lease;

  /** @param lease the lease across processes, or null for a store that only one process uses */
  KeyTurns(OwnerLease lease) {
    this.lease = lease;
  }

  /** Waits for the key's turn and takes it. */
  KeyClaim claim(String key) {
    Turn turn = turns.compute(key, (k, existing) -> {
      Turn t = existing == null ? new Turn(k) : existing;
      t.users++;
      return t;
    });
    turn.lock.lock();
    if (turn.lock.getHoldCount() == 1) {
      turn.losses = 0;
      turn.startNanos = System.nanoTime();
    }
    return turn;
  }

  /**
   * The lease this thread holds on {@code key} through its claim, or null. Only meaningful while the
   * caller holds a claim of the key.
   */
  OwnerLease.Held heldLease(String key) {
    Turn turn = turns.get(key);
    return turn == null || !turn.lock.isHeldByCurrentThread() ? null : turn.held;
  }

  /**
   * Waits for another client's lease on the key to end and takes it, so that this claim's next attempt
   * runs alone; called by an update that found a lease it does not hold.
   */
  void awaitLease(String key) {
    Turn turn = turns.get(key);
    if (turn != null && turn.lock.isHeldByCurrentThread() && turn.held == null && lease != null) {
      turn.held = lease.take(key, turn.startNanos);
    }
  }

  /** Keys with a turn held or waited for right now (for tests: nothing may leak). */
  int activeKeys() {
    return turns.size();
  }

  private final class Turn implements KeyClaim {
    private final String key;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** Holders and waiters; changed only inside {@code turns.compute}, which removes the turn at 0. */
    private int users;
    // The fields below belong to the thread holding the lock.
    private int losses;
    private long startNanos;
    private OwnerLease.Held held;

    Turn(String key) {
      this.key = key;
    }

    @Override
    public void contended() {
      losses++;
      if (held != null) {
        return;
      }
      if (lease == null || losses < LOSSES_BEFORE_LEASE) {
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(FIRST_LOSS_PAUSE_NS << Math.min(losses, 5)));
        return;
      }
      held = lease.take(key, startNanos);
    }

    @Override
    public void close() {
      if (lock.getHoldCount() == 1 && held != null) {
        held.release();
        held = null;
      }
      lock.unlock();
      turns.compute(key, (k, t) -> --t.users == 0 ? null : t);
    }
  }
}
