package io.mcjcache.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;

/**
 * How a call ends: within the op timeout, as a value or a translated {@link TransportException}, once.
 * Synchronous calls wait on spymemcached's future with the timeout; async calls become
 * {@link CompletableFuture}s. The caller (the cluster layer) tells health what a failure means.
 *
 * <p>spymemcached only notices a timeout when someone calls {@code get(timeout)} and it expires; its
 * listeners never fire for an operation stuck on a hung node. So each call gets a timer; when it
 * fires, the future is completed with {@link FailureKind#TIMEOUT} and spymemcached's own future is
 * polled once with a zero timeout so that its consecutive-timeout count (which makes it drop a hung
 * connection, see {@link TransportSettings#timeoutExceptionThreshold()}) also counts async calls.
 */
final class CallCompletion implements AutoCloseable {

  private final ScheduledThreadPoolExecutor timer;
  private final long timeoutNanos;

  CallCompletion(long timeoutNanos) {
    this.timeoutNanos = timeoutNanos;
    this.timer = new ScheduledThreadPoolExecutor(1, NodeConnections.daemonThreads("mcjcache-transport-timer"));
    this.timer.setRemoveOnCancelPolicy(true);
  }

  static <T> CompletableFuture<T> completion(OperationFuture<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.addListener(f -> settle(done, future));
    return done;
  }

  static <T> CompletableFuture<T> completion(GetFuture<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.addListener(f -> settle(done, future));
    return done;
  }

  /** Called once the spymemcached future is done, so {@code get()} does not block. */
  private static <T> void settle(CompletableFuture<T> done, Future<T> future) {
    try {
      done.complete(future.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    } catch (Exception e) {
      done.completeExceptionally(e);
    }
  }

  /**
   * The caller's view of one call: {@code raw} mapped by {@code map}, failed with a
   * {@link TransportException} on error, and failed with TIMEOUT if not done within the op timeout.
   *
   * @param spyFutures spymemcached's futures of the call, polled on timeout (see class doc)
   */
  <T, R> CompletableFuture<R> watch(int node, String key, CompletableFuture<T> raw, Function<T, R> map,
      Future<?>... spyFutures) {
    CompletableFuture<R> result = new CompletableFuture<>();
    // The answer and the timer race; the first to claim the call completes the future.
    AtomicBoolean claimed = new AtomicBoolean();
    ScheduledFuture<?> deadline = timer.schedule(() -> {
      NodeFailureException timeout = new NodeFailureException(node, FailureKind.TIMEOUT,
          "no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms", null);
      if (claimed.compareAndSet(false, true)) {
        result.completeExceptionally(timeout);
        for (Future<?> spyFuture : spyFutures) {
          pollOnce(spyFuture);
        }
      }
    }, timeoutNanos, TimeUnit.NANOSECONDS);
    raw.whenComplete((value, failure) -> {
      deadline.cancel(false);
      if (failure == null) {
        succeed(node, key, result, claimed, value, map);
      } else {
        fail(result, claimed, FailureTranslator.translate(node, key, unwrap(failure)));
      }
    });
    return result;
  }

  private <T, R> void succeed(int node, String key, CompletableFuture<R> result, AtomicBoolean claimed, T value,
      Function<T, R> map) {
    R mapped;
    try {
      mapped = map.apply(value);
    } catch (RuntimeException e) {
      fail(result, claimed, FailureTranslator.translate(node, key, e));
      return;
    }
    if (claimed.compareAndSet(false, true)) {
      result.complete(mapped);
    }
  }

  /** A future failed before anything was sent (bad node, not connected, too large). */
  <R> CompletableFuture<R> failed(int node, TransportException failure) {
    CompletableFuture<R> result = new CompletableFuture<>();
    fail(result, new AtomicBoolean(), failure);
    return result;
  }

  private <R> void fail(CompletableFuture<R> result, AtomicBoolean claimed, TransportException failure) {
    if (claimed.compareAndSet(false, true)) {
      result.completeExceptionally(failure);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static void pollOnce(Future<?> spyFuture) {
    try {
      spyFuture.get(0, TimeUnit.NANOSECONDS);
    } catch (Exception expected) {
      // the point was the side effect on spymemcached's timeout count
    }
  }

  /** Synchronous form: sends, waits at most the op timeout, maps. */
  <T, R> R await(int node, String key, Supplier<Future<T>> send, Function<T, R> map) {
    try {
      Future<T> future = send.get();
      T value = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      return map.apply(value);
    } catch (IllegalArgumentException | TransportException e) {
      throw e;
    } catch (Exception e) {
      throw FailureTranslator.translate(node, key, e);
    }
  }

  /** Async form: anything thrown before the call is on its way becomes a failed future. */
  <R> CompletableFuture<R> start(int node, String key, Supplier<CompletableFuture<R>> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (TransportException e) {
      return failed(node, e);
    } catch (RuntimeException e) {
      return failed(node, FailureTranslator.translate(node, key, e));
    }
  }

  /** Waits for an async call, rethrowing its TransportException unwrapped. */
  static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
