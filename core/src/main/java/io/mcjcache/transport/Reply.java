package io.mcjcache.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A call on its way, awaited on the caller's thread: the synchronous counterpart of the {@code ...Async}
 * methods, for callers that send several requests and then wait for all of them (a write's two copies, a
 * batch's per-node pipelines). {@link #await()} waits on spymemcached's own futures until the op timeout,
 * counted from when the call was sent, so the reply reaches the caller straight from the client's I/O thread:
 * no timer task, no listener thread, no {@code CompletableFuture} in between (docs/performance.md, "Where the
 * time goes": those cost a put about 3 context switches of its 6). Ends as the async forms do: a value, or a
 * {@link TransportException} with the same {@link FailureKind}s; a timeout counts towards spymemcached's
 * consecutive-timeout limit in the same way.
 *
 * <p>Not thread-safe: one caller sends, then awaits (as often as it likes; the outcome is kept).
 */
public final class Reply<T> {

  private final int node;
  private final String key;
  private final List<? extends Future<?>> sent;
  private final Function<List<Object>, T> finish;
  private final long deadlineNanos;
  private boolean settled;
  private T value;
  private TransportException failure;

  private Reply(int node, String key, List<? extends Future<?>> sent, Function<List<Object>, T> finish,
      long deadlineNanos, TransportException failure) {
    this.node = node;
    this.key = key;
    this.sent = sent;
    this.finish = finish;
    this.deadlineNanos = deadlineNanos;
    this.failure = failure;
    this.settled = failure != null;
  }

  /** One spymemcached call, its raw answer mapped by {@code map}. */
  static <R, T> Reply<T> of(int node, String key, Future<R> future, Function<R, T> map, long timeoutNanos) {
    return new Reply<>(node, key, List.of(future), values -> map.apply(cast(values.get(0))),
        System.nanoTime() + timeoutNanos, null);
  }

  /** Several calls to one node, one deadline for all; {@code finish} gets their answers in order. */
  static <T> Reply<T> ofAll(int node, List<? extends Future<?>> futures, Function<List<Object>, T> finish,
      long timeoutNanos) {
    return new Reply<>(node, null, futures, finish, System.nanoTime() + timeoutNanos, null);
  }

  /** A call that failed before anything was sent (not connected, too large). */
  static <T> Reply<T> failed(TransportException failure) {
    return new Reply<>(failure.node(), null, List.of(), values -> null, 0, failure);
  }

  /**
   * The answer, waiting at most until the op timeout after sending.
   *
   * @throws TransportException why there is none (a {@link NodeFailureException} when the node did not answer)
   */
  public T await() {
    if (!settled) {
      settle();
    }
    if (failure != null) {
      throw failure;
    }
    return value;
  }

  /** This call with its answer mapped by {@code map}; use the returned reply instead of this one. */
  public <R> Reply<R> map(Function<T, R> map) {
    if (settled) {
      return failure != null ? failed(failure) : new Reply<>(node, key, List.of(), none -> map.apply(value), 0, null);
    }
    return new Reply<>(node, key, sent, finish.andThen(map), deadlineNanos, null);
  }

  /** The node the call went to. */
  public int node() {
    return node;
  }

  /**
   * Waits for every future with what is left of the one deadline. After a failure the rest are still asked
   * (with no time left, as the async forms poll them once), so that each unanswered call counts towards
   * spymemcached's limit of consecutive timeouts.
   */
  private void settle() {
    settled = true;
    List<Object> answers = new ArrayList<>(sent.size());
    for (Future<?> future : sent) {
      try {
        answers.add(future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = failure != null ? failure : FailureTranslator.translate(node, key, e);
        return;
      } catch (Exception e) {
        failure = failure != null ? failure : FailureTranslator.translate(node, key, e);
      }
    }
    if (failure == null) {
      try {
        value = finish.apply(answers);
      } catch (RuntimeException e) {
        failure = FailureTranslator.translate(node, key, e);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <R> R cast(Object value) {
    return (R) value;
  }
}
