package io.mcjcache.health;

/**
 * The liveness state machine of one node, free of I/O and clocks so that every transition can be
 * tested directly. {@link HealthMonitor} feeds it traffic results and probe results and acts on what
 * it returns.
 *
 * <p>Why a write failure kills at once while read failures are counted: a write that timed out may or
 * may not have been applied, so the node may now hold a superseded value for that key. Serving from it
 * again is only safe after it went through the rejoin path (restarted empty, or flushed).
 */
final class NodeHealth {
  /** What the monitor must do after an observation. */
  enum Transition {
    NONE, MARK_DEAD, REJOIN_FRESH, REJOIN_NEEDS_FLUSH
  }

  private final int failuresToDead;
  private final int successesToAlive;
  private boolean dead;
  /** Volatile so that the hot path (a success with no failure streak) can skip the lock. */
  private volatile int consecutiveFailures;
  private int consecutiveSuccesses;
  private ServerIdentity lastKnown;

  NodeHealth(int failuresToDead, int successesToAlive) {
    if (failuresToDead < 1 || successesToAlive < 1) {
      throw new IllegalArgumentException("failuresToDead and successesToAlive must be >= 1");
    }
    this.failuresToDead = failuresToDead;
    this.successesToAlive = successesToAlive;
  }

  synchronized boolean isDead() {
    return dead;
  }

  /** A read, probe or other idempotent request failed or timed out. */
  synchronized Transition failure() {
    consecutiveSuccesses = 0;
    if (dead) {
      return Transition.NONE;
    }
    consecutiveFailures++;
    return consecutiveFailures >= failuresToDead ? markDead() : Transition.NONE;
  }

  /** A write failed or timed out: the node may hold a superseded value now. */
  synchronized Transition writeFailure() {
    consecutiveSuccesses = 0;
    return dead ? Transition.NONE : markDead();
  }

  /** A request served by a live node succeeded: called on every operation, so lock-free when nothing changes. */
  void trafficSuccess() {
    if (consecutiveFailures == 0) {
      return;
    }
    synchronized (this) {
      if (!dead) {
        consecutiveFailures = 0;
      }
    }
  }

  /** A probe answered with the server's identity. */
  synchronized Transition probeSuccess(ServerIdentity identity) {
    if (!dead) {
      consecutiveFailures = 0;
      lastKnown = identity;
      return Transition.NONE;
    }
    consecutiveSuccesses++;
    if (consecutiveSuccesses < successesToAlive) {
      return Transition.NONE;
    }
    // A node never seen answering may hold anything: only a restart we can prove makes it fresh.
    boolean fresh = lastKnown != null && lastKnown.restartedAs(identity);
    return fresh ? Transition.REJOIN_FRESH : Transition.REJOIN_NEEDS_FLUSH;
  }

  /** The monitor finished the rejoin (flushed if it had to): the node serves again. */
  synchronized void rejoined(ServerIdentity identity) {
    dead = false;
    consecutiveFailures = 0;
    consecutiveSuccesses = 0;
    lastKnown = identity;
  }

  /** The rejoin could not finish (the flush failed): stay dead and start counting probes again. */
  synchronized void rejoinFailed() {
    consecutiveSuccesses = 0;
  }

  /**
   * Another process declared the node dead (the host's shared view says so): count probes towards its
   * rejoin from now on, as if this process had declared it.
   */
  synchronized void adoptDead() {
    if (!dead) {
      markDead();
    }
  }

  /**
   * Another process brought the node back (after its flush): serve it again, keeping the identity last
   * seen here for telling a restart from a hang later.
   */
  synchronized void adoptAlive() {
    dead = false;
    consecutiveFailures = 0;
    consecutiveSuccesses = 0;
  }

  private Transition markDead() {
    dead = true;
    consecutiveFailures = 0;
    consecutiveSuccesses = 0;
    return Transition.MARK_DEAD;
  }
}
