package io.mcjcache.cluster;

import static io.mcjcache.cluster.StoreFixture.awaitDead;
import static io.mcjcache.cluster.StoreFixture.keyWithHome;
import static io.mcjcache.cluster.StoreFixture.onceConnected;
import static io.mcjcache.cluster.StoreFixture.text;
import static io.mcjcache.cluster.StoreFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.routing.AtomicPlan;
import io.mcjcache.testkit.MemcachedCluster;
import io.mcjcache.transport.MemcachedTransport;
import io.mcjcache.transport.TransportSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * README guarantee 3 for an atomic update caught halfway by another client: it has decided on its
 * authority and not yet brought the follower to the result. A second update that sees the decision there
 * (a JCache {@code remove} that returns false because the value is gone) and the read that follows it must
 * agree, in every situation of the key's home P and partner M.
 *
 * <p>A multi-process fault run met the case: P dead, the authority was the rehash target R while reads
 * went to M first. One JVM's {@code remove} had put its tombstone on R and was still on its way to M; the
 * other JVM's {@code remove} saw the tombstone and returned false, and its next {@code get} read the
 * removed value from M. The halfway state is planted here as the first client's update leaves it: its
 * result stored on the authority the router names, on a connection of its own, nothing on the follower.
 */
class UpdateHalfwayTest {
  private static final int NODES = 4;
  private static final int HOME = 1;
  private static final int PARTNER = 0;

  /** Which of the key's two holders are dead while the update is halfway. */
  enum Situation {
    HEALTHY(),
    HOME_DEAD(HOME),
    PARTNER_DEAD(PARTNER),
    BOTH_DEAD(HOME, PARTNER);

    private final int[] dead;

    Situation(int... dead) {
      this.dead = dead;
    }
  }

  /** What the first client's update decided. */
  enum Result {
    /** A {@code replace}: a new value. */
    REPLACED(value("new")),
    /** A {@code remove}: a tombstone. */
    REMOVED(Tombstones.VALUE);

    private final byte[] stored;

    Result(byte[] stored) {
      this.stored = stored;
    }
  }

  @ParameterizedTest
  @EnumSource(Situation.class)
  void aSecondUpdateAndTheReadAfterItAgreeOnWhatTheFirstDecided(Situation situation) {
    try (MemcachedCluster cluster = MemcachedCluster.start(NODES);
        RoutedClusterStore store = StoreFixture.open(cluster, "mirror=pairs");
        MemcachedTransport firstClient = new MemcachedTransport(TransportSettings.builder(cluster.addresses())
            .opTimeout(Duration.ofSeconds(2)).build())) {
      for (int node : situation.dead) {
        cluster.node(node).kill();
        awaitDead(store, node);
      }
      for (Result result : Result.values()) {
        String key = keyWithHome("t:halfway-" + result.name().toLowerCase() + ":k", NODES, HOME);
        byte[] keyBytes = key.getBytes(StandardCharsets.US_ASCII);
        store.put(key, value("old"), 0);

        AtomicPlan plan = store.router().planAtomic(keyBytes, store.view());
        storeOn(firstClient, plan.authority(), key, result.stored);

        String seen = store.update(key, current -> Decision.keep(text(current)));
        String read = text(store.get(key));
        String expected = result == Result.REPLACED ? "new" : null;
        assertThat(seen).as("%s, %s: what a second update sees on the authority (%s)", situation, result, plan)
            .isEqualTo(expected);
        assertThat(read).as("%s, %s: the read after that update (%s)", situation, result,
            store.router().planRead(keyBytes, store.view())).isEqualTo(expected);
      }
    }
  }

  /** The first client's decision on the authority. */
  private static void storeOn(MemcachedTransport client, int node, String key, byte[] stored) {
    assertThat(onceConnected(() -> client.sendSet(node, key, 0, stored).await())).as("stored on node " + node)
        .isTrue();
  }
}
