package io.mcjcache.event;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Runs the deliveries to one listener on an executor, one key at a time: the deliveries for a key run
 * in the order they were submitted, each after the previous one finished, while different keys run in
 * parallel. JCache asks listeners to see the events of a key in the order of the operations; a plain
 * executor would let two events of one key overtake each other.
 *
 * <p>A lane is just the future of the last delivery submitted for its key; it is dropped when that
 * delivery finishes, so idle keys cost nothing. A delivery's future completes normally with the
 * failure it produced ({@code null} when none), so one failed delivery never stops the next.
 */
final class DeliveryLanes<K> {
  private final ConcurrentMap<K, CompletableFuture<Throwable>> tails = new ConcurrentHashMap<>();
  private final Executor executor;

  DeliveryLanes(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  /**
   * Queues {@code delivery} behind every delivery already submitted for {@code key}.
   *
   * @param delivery runs the listener and returns what it threw, or {@code null}; must not throw
   * @return completes with the delivery's failure (or {@code null}) once it has run
   */
  CompletableFuture<Throwable> submit(K key, Supplier<Throwable> delivery) {
    var done = new CompletableFuture<Throwable>();
    // put() swaps the tail atomically, so concurrent submits form one chain without a lock, and
    // nothing runs inside the map (a direct executor would otherwise run listeners under its lock).
    CompletableFuture<Throwable> previous = tails.put(key, done);
    done.whenComplete((failure, unexpected) -> tails.remove(key, done));
    if (previous == null) {
      start(delivery, done);
    } else {
      previous.whenComplete((failure, unexpected) -> start(delivery, done));
    }
    return done;
  }

  /** Number of keys with a delivery queued or running; for tests and diagnostics. */
  int busyKeys() {
    return tails.size();
  }

  private void start(Supplier<Throwable> delivery, CompletableFuture<Throwable> done) {
    try {
      executor.execute(() -> {
        try {
          done.complete(delivery.get());
        } catch (Throwable t) {
          // A lane whose future never completes would stall its key (and a synchronous caller) forever.
          done.complete(t);
        }
      });
    } catch (RejectedExecutionException e) {
      done.complete(e);
    }
  }
}
