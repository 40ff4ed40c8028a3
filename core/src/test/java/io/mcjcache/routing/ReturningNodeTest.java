package io.mcjcache.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A returning node (flushed after its return, waiting until every host has seen that): dead for every
 * read and write, but a write of a key it would hold deletes the key there, so that it never holds a copy
 * that another host, still writing around it, has superseded.
 */
class ReturningNodeTest {
  private static final int NODES = 4;
  private final Router router = new Router(new RoutingSettings(NODES, MirrorMode.PAIRS, HashAlgorithm.MODULO));

  @Test
  void aReturningNodeIsDeadForReadsAndWritesAndWritesOfItsKeysDeleteThere() {
    ClusterView view = ClusterView.allAlive(NODES).nodeDown(1, 10).nodeReturning(1, 20);
    int holding = 0;
    int notHolding = 0;
    for (int i = 0; i < 400; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
      boolean wouldHold = router.holders(key, ClusterView.allAlive(NODES)).contains(1);
      WritePlan write = router.planWrite(key, view);
      AtomicPlan atomic = router.planAtomic(key, view);
      assertThat(write.targets().contains(1)).as("written to the returning node").isFalse();
      assertThat(router.planRead(key, view).nodes().contains(1)).as("read from the returning node").isFalse();
      assertThat(atomic.authority()).isNotEqualTo(1);
      assertThat(atomic.followers().contains(1)).isFalse();
      assertThat(write.fallbackDeletes().contains(1)).as("key " + i + " deleted on node 1").isEqualTo(wouldHold);
      assertThat(atomic.fallbackDeletes().contains(1)).as("key " + i + " deleted on node 1 by an atomic update")
          .isEqualTo(wouldHold);
      if (wouldHold) {
        holding++;
      } else {
        notHolding++;
      }
    }
    assertThat(holding).as("keys node 1 holds").isPositive();
    assertThat(notHolding).as("keys node 1 does not hold").isPositive();
  }

  @Test
  void aDeadNodeThatIsNotReturningIsNotDeletedFrom() {
    ClusterView view = ClusterView.allAlive(NODES).nodeDown(1, 10);
    for (int i = 0; i < 400; i++) {
      byte[] key = ("k" + i).getBytes(StandardCharsets.US_ASCII);
      assertThat(router.planWrite(key, view).fallbackDeletes().contains(1)).isFalse();
    }
  }

  @Test
  void returningEndsWithTheReturnOrAnotherDeath() {
    ClusterView returning = ClusterView.allAlive(NODES).nodeReturning(2, 5);
    assertThat(returning.isAlive(2)).as("a live node made returning is dead first").isFalse();
    assertThat(returning.isReturning(2)).isTrue();
    assertThat(returning.nodeReturning(2, 6)).as("idempotent").isSameAs(returning);

    ClusterView back = returning.nodeUp(2, 30);
    assertThat(back.isAlive(2)).isTrue();
    assertThat(back.isReturning(2)).isFalse();
    assertThat(back.isRecovering(2)).as("back, its episode ended but not closed").isTrue();

    ClusterView deadAgain = returning.nodeDown(2, 40);
    assertThat(deadAgain.isAlive(2)).isFalse();
    assertThat(deadAgain.isReturning(2)).as("found dead while returning: another flush needed").isFalse();
    assertThat(deadAgain.episodes(2)).as("still the same open episode").isEqualTo(returning.episodes(2));
  }
}
