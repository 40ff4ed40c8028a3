package io.mcjcache.demo;

import java.time.Duration;
import java.util.List;

/**
 * Waits until a strategy's own failure detection has seen a node fail or come back, with a little unmeasured
 * read traffic meanwhile, as an application's would: some clients notice a broken connection only when they
 * use it, and twemproxy ejects a server only when a request to it fails. So each read pass measures the
 * strategy's settled behaviour rather than how fast it happens to notice.
 *
 * <p>The traffic moves along the keys, {@value #TRAFFIC_KEYS} at a time, so that every node gets requests
 * sooner or later whatever the placement: a fixed handful of keys may have none on the victim (with ketama
 * and 8 nodes, 20 keys miss a given node about one time in 14), and then a client that learns from its
 * requests alone would never notice.
 */
final class DetectionWait {
  private static final int TRAFFIC_KEYS = 20;
  /** mcjcache's probes need a few periods, twemproxy its retry timeout, spymemcached its back-off. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 10;

  private final StrategyKind kind;
  private final Strategy strategy;
  private final Dataset data;
  private int next;

  DetectionWait(StrategyKind kind, Strategy strategy, Dataset data) {
    this.kind = kind;
    this.strategy = strategy;
    this.data = data;
  }

  /** Returns once {@code strategy.seesAlive(node) == alive}; fails after {@link #TIMEOUT}. */
  void until(int node, boolean alive) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (strategy.seesAlive(node) != alive) {
      strategy.getAll(traffic());
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(kind.title() + " did not notice that node " + node
            + (alive ? " is back" : " failed") + " within " + TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for node " + node, e);
      }
    }
  }

  private List<String> traffic() {
    int from = next;
    int to = Math.min(data.capacity(), from + TRAFFIC_KEYS);
    next = to == data.capacity() ? 0 : to;
    return data.keys(from, to);
  }
}
