package io.mcjcache.cluster;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Grace periods for view changes: lets a background task wait until every operation that started
 * before a given moment has finished. Why: an operation plans against the liveness view it read when
 * it started; one planned while a node was dead may still be writing the node's diverted copies after
 * the node has come back. The episode closer must not start moving copies home (nor close the episode)
 * until such stragglers are done, or it could copy a value that the straggler then supersedes elsewhere.
 *
 * <p>Epoch-based, as in read-copy-update: operations count themselves into the current of two epochs
 * (a {@link LongAdder} each, so the hot path never contends); a grace period flips the epoch and waits
 * for the old one to drain.
 */
final class InFlightOperations {
  private final LongAdder[] active = {new LongAdder(), new LongAdder()};
  private final Object flips = new Object();
  private volatile int epoch;

  /** Counts an operation in; pass the result to {@link #exit}. Call before reading the view. */
  int enter() {
    while (true) {
      int current = epoch;
      active[current].increment();
      if (epoch == current) {
        return current;
      }
      // A grace period flipped the epoch meanwhile: join the new one instead.
      active[current].decrement();
    }
  }

  void exit(int ticket) {
    active[ticket].decrement();
  }

  /**
   * Waits until every operation that entered before this call has exited.
   *
   * @return false if that took longer than {@code patience} (the caller should retry later)
   */
  boolean awaitOlderOperations(Duration patience) throws InterruptedException {
    synchronized (flips) {
      int old = epoch;
      epoch = 1 - old;
      long deadline = System.nanoTime() + patience.toNanos();
      while (active[old].sum() != 0) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(1);
      }
      return true;
    }
  }
}
