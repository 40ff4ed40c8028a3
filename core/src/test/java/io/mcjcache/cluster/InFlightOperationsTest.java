package io.mcjcache.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InFlightOperationsTest {
  private final InFlightOperations inFlight = new InFlightOperations();

  @Test
  void aGracePeriodWaitsForAnOperationThatStartedBeforeIt() throws Exception {
    int ticket = inFlight.enter();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> grace = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      try {
        return inFlight.awaitOlderOperations(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    waiting.await();
    // The grace period cannot end while the older operation runs.
    assertThat(grace).isNotCompleted();
    Thread.sleep(50);
    assertThat(grace).isNotCompleted();
    inFlight.exit(ticket);
    assertThat(grace.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void operationsStartedAfterTheFlipDoNotHoldTheGracePeriod() throws Exception {
    int before = inFlight.enter();
    CompletableFuture<Boolean> grace = CompletableFuture.supplyAsync(() -> {
      try {
        return inFlight.awaitOlderOperations(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    // Wait until the flip happened: a new operation then lands in the other epoch.
    int after;
    do {
      after = inFlight.enter();
      if (after == before) {
        inFlight.exit(after);
        Thread.sleep(1);
      }
    } while (after == before);
    inFlight.exit(before);
    assertThat(grace.get(5, TimeUnit.SECONDS)).as("ends although a newer operation still runs").isTrue();
    inFlight.exit(after);
  }

  @Test
  void givesUpAfterItsPatience() throws Exception {
    int ticket = inFlight.enter();
    assertThat(inFlight.awaitOlderOperations(Duration.ofMillis(30))).isFalse();
    inFlight.exit(ticket);
    assertThat(inFlight.awaitOlderOperations(Duration.ofMillis(30))).isTrue();
  }
}
