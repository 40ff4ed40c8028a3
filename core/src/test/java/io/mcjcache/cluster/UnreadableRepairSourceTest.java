package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.await;
import static io.mcjcache.cluster.StoreFixture.awaitAlive;
import static io.mcjcache.cluster.StoreFixture.keyWithHome;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.testkit.MemcachedCluster;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * README guarantee 3 when an atomic update cannot read the copy it needs: the multi-process random-fault
 * test met it with the host's agent probing (an authority back from a restart, its partner hung). Here the
 * key's home node comes back empty from a restart and is recovering, so it is the authority of the key's
 * atomic updates and is repaired from its partner first; the partner hangs. The repair cannot read it, the
 * authority answers "absent", and the removal keeps what it sees: nothing. The partner's copy must then
 * never be served again: an unreadable repair source is dead at once, as after a failed write (and flushed
 * when it answers again). Before, it counted as one read failure and stayed alive.
 */
class UnreadableRepairSourceTest {
  private static final int NODES = 4;
  private static final int HOME = 1;
  private static final int FAILURES_TO_DEAD = 3;
  private static final int HEALTH_INTERVAL_MS = 1_000;

  @Test
  void aRepairSourceThatCannotBeReadIsDeadAndItsCopyIsNotServed() throws Exception {
    String key = keyWithHome("urs:c:k", NODES, HOME);
    String other = keyWithHome("urs:c:o", NODES, HOME);
    // Probes every second and three failures before a node is dead: the partner's hang meets the probes at
    // most twice before the removal is over (it waits one op timeout for the partner), so the removal alone
    // can make it dead.
    try (MemcachedCluster cluster = MemcachedCluster.start(NODES);
        RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs&namespace=urs&healthIntervalMs="
            + HEALTH_INTERVAL_MS + "&failuresToDead=" + FAILURES_TO_DEAD)) {
      int partner = store.router().partner(HOME);
      store.put(key, value("v"), 0);
      cluster.node(HOME).kill();
      store.put(other, value("o"), 0); // a failed write: the home is dead now
      assertThat(store.view().isAlive(HOME)).as("the home after a failed write").isFalse();

      // An operation older than the home's return keeps the episode closer waiting, so the home stays
      // recovering, and lacks the key, for as long as this test needs.
      try (StoreFixture.Straggler straggler = StoreFixture.Straggler.start(store, "urs:c:straggler")) {
        cluster.node(HOME).restart();
        awaitAlive(store, HOME);
        // Copies move to the home only once operations planned while it was away have ended: wait that
        // long here, so that the removal repairs at once instead of waiting with the partner hung.
        long copiesHome = store.view().episodes(HOME).get(0).endMillis().orElseThrow()
            + (long) StoreFixture.OP_TIMEOUT_MS * (NODES + 1);
        await("copies may move to the returned home", Duration.ofSeconds(10),
            () -> System.currentTimeMillis() > copiesHome);
        AtomicPlan plan = store.router().planAtomic(key.getBytes(StandardCharsets.US_ASCII), store.view());
        assertThat(plan.authority()).as("the recovering home decides").isEqualTo(HOME);
        assertThat(plan.repairSources().get(0)).as("repaired from the partner first").isEqualTo(partner);

        cluster.node(partner).pause();
        Boolean sawTheValue;
        try {
          sawTheValue = store.update(key, current -> current == null ? Decision.keep(false) : Decision.remove(true));
        } finally {
          cluster.node(partner).resume();
        }
        assertThat(sawTheValue).as("the removal could not see the partner's copy").isFalse();
        assertThat(store.view().isAlive(partner)).as("the partner, whose copy the removal could not read").isFalse();
        assertThat(store.get(key)).as("the key, read after the partner resumed").isNull();
      }
    }
  }
}
