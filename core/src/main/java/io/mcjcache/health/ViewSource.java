package io.mcjcache.health;

import io.mcjcache.routing.ClusterView;
import java.util.function.UnaryOperator;

/**
 * Where a {@link HealthMonitor} keeps the cluster view that operations read: its own
 * ({@link OwnView}), or the one every process on the host shares ({@link HostView}). Transitions are
 * functions of the current view, so that a shared view applies them to what every process published.
 */
public interface ViewSource extends ClusterRecordFigures, AutoCloseable {

  /** The view operations use now: read once per operation. */
  ClusterView current();

  /** Applies {@code transition} to the current view, publishes the result, and returns it. */
  ClusterView update(UnaryOperator<ClusterView> transition);

  /**
   * The right to flush {@code node} on its return, or null while another process (or another store of
   * this one) is flushing it: one flush per return, not one per process.
   */
  FlushTurn tryFlushTurn(int node);

  /**
   * Whether this process probes the cluster this round: the host's one prober does (an agent when one
   * runs, else the application process holding the probe turn), and so does any process whose prober
   * has not shown a sign of life for {@code staleAfterMillis} (it may hang). The others follow the view.
   */
  boolean probeTurn(long nowMillis, long staleAfterMillis);

  /**
   * Names the processes whose flush turns this view's {@link #tryFlushTurn} excludes: the processes that
   * share the host file, or this view alone. A flusher of the same scope whose cross-host lease outlives
   * its turn has ended (its turn is free), so its lease can be taken over at once.
   */
  String flushScope();

  /** The prober is about to probe a node: its sign of life for the others. */
  void probing(long nowMillis);

  /**
   * Where the view comes from, for operators: {@code own} or {@code host file <path>}, followed by
   * {@code ; cluster record ...} when it is shared with other hosts too.
   */
  String describe();

  /**
   * How long a node flushed after its return stays returning ({@link ClusterView#isReturning}) before it
   * is taken back: long enough for every host that shares the view to see the return, 0 when no other
   * host shares it (the node is taken back at once).
   */
  default long returnSettleMillis() {
    return 0;
  }

  @Override
  void close();

  /** Held while flushing a node; released when the flush is over (or its holder died). */
  interface FlushTurn extends AutoCloseable {
    @Override
    void close();
  }
}
