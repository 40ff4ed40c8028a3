package io.mcjcache.routing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The hash spreads keys evenly, and jump hashing moves few keys when the cluster grows. */
class DistributionTest {

  private static byte[] key(int i) {
    return ("user:" + i + ":profile").getBytes(UTF_8);
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void hundredThousandKeysOverEightNodesAreWithinFivePercentOfAnEighth(HashAlgorithm algorithm) {
    Router router = new Router(new RoutingSettings(8, MirrorMode.PAIRS, algorithm));
    int keys = 100_000;
    int[] perNode = new int[8];
    for (int i = 0; i < keys; i++) {
      perNode[router.home(key(i))]++;
    }
    double expected = keys / 8.0;
    for (int node = 0; node < 8; node++) {
      assertThat((double) perNode[node]).as("keys on node %d", node)
          .isBetween(expected * 0.95, expected * 1.05);
    }
  }

  @ParameterizedTest
  @EnumSource(HashAlgorithm.class)
  void homesOfAThousandNodesAreAllUsed(HashAlgorithm algorithm) {
    Router router = new Router(new RoutingSettings(1000, MirrorMode.PAIRS, algorithm));
    int[] perNode = new int[1000];
    for (int i = 0; i < 200_000; i++) {
      perNode[router.home(key(i))]++;
    }
    for (int node = 0; node < 1000; node++) {
      // 200 expected per node; a Poisson(200) count below 120 or above 290 is a ~1e-8 event.
      assertThat(perNode[node]).as("keys on node %d", node).isBetween(120, 290);
    }
  }

  /** Jump hash's defining property: growing from N to N+1 only moves keys onto the new node. */
  @Test
  void jumpHashMovesOnlyAboutOneInNPlusOneKeysWhenTheClusterGrows() {
    int keys = 100_000;
    for (int n : new int[] {1, 2, 7, 8, 63, 999}) {
      int moved = 0;
      for (int i = 0; i < keys; i++) {
        long hash = KeyHash.hash(key(i));
        int before = HashAlgorithm.JUMP.bucket(hash, n);
        int after = HashAlgorithm.JUMP.bucket(hash, n + 1);
        if (before != after) {
          assertThat(after).as("a moved key goes to the new node").isEqualTo(n);
          moved++;
        }
      }
      double expected = (double) keys / (n + 1);
      assertThat((double) moved).as("keys moved growing %d -> %d", n, n + 1)
          .isBetween(expected * 0.9 - 30, expected * 1.1 + 30);
    }
  }

  @Test
  void moduloMovesMostKeysWhenTheClusterGrows() {
    // The contrast that makes jump worth offering: modulo keeps only ~1/(N+1) of the keys in place.
    int moved = 0;
    for (int i = 0; i < 100_000; i++) {
      long hash = KeyHash.hash(key(i));
      if (HashAlgorithm.MODULO.bucket(hash, 8) != HashAlgorithm.MODULO.bucket(hash, 9)) {
        moved++;
      }
    }
    assertThat(moved).isGreaterThan(80_000);
  }
}
