package io.mcjcache.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Callers of one key in one process take turns (README guarantee 7); claims leave nothing behind. */
class KeyTurnsTest {
  private final KeyTurns turns = new KeyTurns(null);

  @Test
  void callersOfOneKeyNeverOverlapAndNothingIsLeftAfterwards() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(4);
    int[] unguarded = new int[1];
    int[] inside = new int[1];
    List<Future<Integer>> workers = new ArrayList<>();
    try {
      for (int t = 0; t < 4; t++) {
        workers.add(threads.submit(() -> {
          int overlaps = 0;
          for (int i = 0; i < 20_000; i++) {
            try (KeyClaim claim = turns.claim("k")) {
              if (++inside[0] != 1) {
                overlaps++;
              }
              unguarded[0]++;
              inside[0]--;
            }
          }
          return overlaps;
        }));
      }
      for (Future<Integer> worker : workers) {
        assertThat(worker.get(60, TimeUnit.SECONDS)).as("times two callers held the key at once").isZero();
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(unguarded[0]).as("increments made only under the claim").isEqualTo(80_000);
    assertThat(turns.activeKeys()).as("turns left after every claim closed").isZero();
  }

  @Test
  void aClaimInsideAClaimOfTheSameKeyIsTheSameTurn() {
    try (KeyClaim outer = turns.claim("k")) {
      try (KeyClaim inner = turns.claim("k")) {
        assertThat(turns.activeKeys()).isEqualTo(1);
      }
      assertThat(turns.activeKeys()).as("the outer claim still holds the turn").isEqualTo(1);
    }
    assertThat(turns.activeKeys()).isZero();
  }

  @Test
  void differentKeysDoNotWaitForEachOther() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (KeyClaim held = turns.claim("a")) {
      Future<Boolean> b = other.submit(() -> {
        try (KeyClaim claim = turns.claim("b")) {
          return true;
        }
      });
      assertThat(b.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      other.shutdownNow();
    }
  }
}
