package io.mcjcache.spring.boot;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition with a deadline, so that no fixed sleep stands in for one. */
final class Deadline {
  private Deadline() {}

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after 10 s. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Duration patience = Duration.ofSeconds(10);
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + patience + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
