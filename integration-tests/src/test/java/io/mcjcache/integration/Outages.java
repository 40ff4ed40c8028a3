package io.mcjcache.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.cluster.RoutedClusterStore;
import java.util.concurrent.TimeUnit;
import javax.cache.CacheManager;

/** Waiting for the client to see an outage: until then near-cached copies may still answer (within ttlMs). */
public final class Outages {
  private Outages() {}

  /** Polls the manager's liveness view until every node is dead, or fails after 10 s. */
  public static void awaitAllDown(CacheManager manager) {
    RoutedClusterStore store = manager.unwrap(RoutedClusterStore.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!store.isUnavailable()) {
      assertThat(System.nanoTime()).as("every node seen dead within 10 s").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
