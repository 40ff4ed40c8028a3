package io.mcjcache.integration;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on conditions in the test's own JVM, so that no sleep stands in for one. */
public final class Conditions {
  private Conditions() {}

  /** Polls {@code condition} every 20 ms until it holds; fails naming {@code what} after {@code patience}. */
  public static void await(String what, Duration patience, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + patience + " waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
